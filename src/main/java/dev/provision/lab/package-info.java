/**
 * The local lab: real hosts on this machine for provision to deploy to.
 *
 * <p>{@link dev.provision.lab.Lab} is the entry point ({@code up}, {@code down}, {@code status}).
 * A lab is booted systemd containers ({@link dev.provision.lab.Container}, systemd-nspawn) whose
 * roots are overlays of one cached debootstrap image ({@link dev.provision.lab.BaseImage},
 * {@link dev.provision.lab.HostRoot}), each in its own network namespace on the lab's bridge
 * ({@link dev.provision.lab.LabNetwork}, {@link dev.provision.lab.AddressPlan}), with apt going
 * through a package cache on the bridge address ({@link dev.provision.lab.PackageCache}).
 * {@code lab up} also prepares the release artifacts hosts cannot download here
 * ({@link dev.provision.lab.LabArtifacts}) and writes the inventory and known_hosts
 * ({@link dev.provision.lab.LabInventory}).
 *
 * <p>On disk: per lab {@code /var/lib/provision/labs/NAME/} (inventory.yaml, known_hosts,
 * id_ed25519, artifacts/, hosts/HOST/{root,upper,work,console.log,nspawn.pid}), removed by
 * {@code lab down}; caches in {@code /var/cache/provision/} (images/, apt-cacher-ng/,
 * artifacts/), kept. Every local command goes through {@link dev.provision.lab.LocalCommand}.
 */
package dev.provision.lab;
