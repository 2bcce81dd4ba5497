# Managed by provision (lb_discovery: consul-template).
consul {
  address = "127.0.0.1:8500"
}

template {
  source      = "/etc/haproxy/haproxy.ctmpl"
  destination = "{{haproxy_config}}"
  perms       = 0640
  # Same user as HAProxy's master: it may signal it. A config that fails the check is not loaded.
  command     = "{{haproxy_bin}} -c -q -f {{haproxy_config}} && kill -USR2 $(cat /run/haproxy/haproxy.pid)"
}
