# Stands in for Vagrant so a test can load the Vagrantfile with plain Ruby and see what it
# would define: prints "NAME HOSTNAME TYPE=IP MEMORY" per machine, then "box BOX".
# Usage: ruby vagrant_stub.rb path/to/Vagrantfile
module Vagrant
  # Swallows provider settings (vb.memory = ...) and remembers the memory.
  class Settings
    attr_accessor :memory, :cpus
  end

  class VM
    attr_accessor :box, :hostname
    attr_reader :networks, :machines, :memory

    def initialize
      @networks = []
      @machines = []
      @memory = {}
    end

    def synced_folder(*_args, **_opts); end

    def network(type, **opts)
      @networks << "#{type}=#{opts[:ip]}"
    end

    def provider(name)
      settings = Settings.new
      yield settings if block_given?
      @memory[name] = settings.memory if settings.memory
    end

    def define(name)
      node = Config.new
      yield node
      @machines << [name, node]
    end
  end

  class Config
    attr_reader :vm

    def initialize
      @vm = VM.new
    end
  end

  def self.configure(_version)
    config = Config.new
    yield config
    config.vm.machines.each do |name, node|
      memory = config.vm.memory.merge(node.vm.memory)
      puts [name, node.vm.hostname, node.vm.networks.join(","),
            "virtualbox:#{memory['virtualbox']},libvirt:#{memory['libvirt']}"].join(" ")
    end
    puts "box #{config.vm.box}"
  end
end

load ARGV.fetch(0)
