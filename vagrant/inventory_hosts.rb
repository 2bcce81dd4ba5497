# Reads the hosts of an Ansible-style YAML inventory for the Vagrantfile, so that the
# Vagrantfile and inventory.yaml cannot drift: inventory.yaml is the single source, this
# file only reads it. Also a script, for CI: `ruby vagrant/inventory_hosts.rb inventory.yaml`
# prints "name address group,group,..." per host.
#
# It reads only what Vagrant needs (names, ansible_host, ansible_port, groups); provision's
# own loader does the full validation.
require "yaml"

module InventoryHosts
  Host = Struct.new(:name, :address, :port, :groups)

  # Every host of the inventory file, in file order.
  def self.load(path)
    text = File.read(path)
    doc = begin
      YAML.safe_load(text, aliases: true)
    rescue ArgumentError # Ruby older than 3.1 (Psych 3) takes aliases positionally
      YAML.safe_load(text, [], [], true)
    end
    raise "#{path}: expected a mapping with 'all:' at the top" unless doc.is_a?(Hash)

    vars = {}   # host name -> its own variables, merged over every place it is listed
    groups = {} # host name -> names of the groups it is in, directly or through children
    doc.each do |name, group|
      walk(name, group, [], vars, groups) if group.nil? || group.is_a?(Hash)
    end
    vars.map do |name, host_vars|
      if name.include?("[")
        raise "#{path}: host range '#{name}': the Vagrantfile needs every host written out " \
              "with its own ansible_host"
      end
      address = host_vars["ansible_host"] || host_vars["ansible_ssh_host"]
      raise "#{path}: host '#{name}' has no ansible_host: Vagrant needs its private address" unless address
      port = Integer(host_vars["ansible_port"] || host_vars["ansible_ssh_port"] || 22)
      Host.new(name, address.to_s, port, groups[name])
    end
  end

  def self.walk(group_name, group, ancestors, vars, groups)
    path = ancestors + [group_name]
    group ||= {}
    (group["hosts"] || {}).each do |name, host_vars|
      (vars[name] ||= {}).merge!(host_vars || {})
      (groups[name] ||= []).concat(path).uniq!
    end
    (group["children"] || {}).each do |child_name, child|
      walk(child_name, child, path, vars, groups)
    end
  end
end

if $PROGRAM_NAME == __FILE__
  abort "usage: ruby #{$PROGRAM_NAME} INVENTORY" unless ARGV.size == 1
  InventoryHosts.load(ARGV[0]).each do |h|
    puts [h.name, h.address, h.groups.join(",")].join(" ")
  end
end
