# shellcheck shell=bash
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# Open vSwitch on DPDK virtual devices, for the fast-path benchmark
# (bench/ovs-bench-fast.sh) and the DPDK system test (tests/system-dpdk.sh):
# ovs-vswitchd with DPDK in a network namespace of its own, and ports that
# are DPDK vdevs (net_pcap, net_null) living inside the PMD thread.  Source
# after lab/lab-lib.sh; the caller sets:
#
#   dpdk_mem    MB of DPDK memory (at least 512)
#   huge        yes: on 2 MB huge pages, reserved (vm.nr_hugepages) and
#               mounted for the run, or fail; no: ordinary memory
#               (--no-huge); auto: huge pages if the kernel grants them
#   pmd_cpu     the CPU of the PMD thread
#   port_mtu    the MTU that each port is asked for (mtu_request)
#
# and calls dpdk_down() when done (it also gives the huge pages back).

huge_dir=
huge_saved=
dpdk_mem_args=

# Free 2 MB huge pages.
dpdk_huge_free() {
    awk '/^HugePages_Free:/ { print $2 }' /proc/meminfo
}

# 2 MB huge pages that DPDK's memory needs, with a few to spare.
dpdk_huge_need() {
    echo $(((dpdk_mem + 1) / 2 + 8))
}

# Reserves dpdk_huge_need() 2 MB huge pages (raising vm.nr_hugepages, which
# dpdk_huge_release() puts back) and mounts hugetlbfs for DPDK's files.
# Returns false, leaving nothing behind, if the kernel does not grant
# them.
dpdk_huge_reserve() {
    local need

    need=$(dpdk_huge_need)

    [ -w /proc/sys/vm/nr_hugepages ] || return 1
    huge_saved=$(cat /proc/sys/vm/nr_hugepages)
    if [ "$(dpdk_huge_free)" -lt "$need" ]; then
        echo $((huge_saved + need - $(dpdk_huge_free))) \
            > /proc/sys/vm/nr_hugepages 2> /dev/null
    fi
    if [ "$(dpdk_huge_free)" -lt "$need" ]; then
        dpdk_huge_release
        return 1
    fi
    # Outside LAB_DIR, which lab_down() removes while this is mounted.
    huge_dir=${TMPDIR:-/tmp}/ipxlat-huge-$LAB_TAG
    if ! mkdir -p "$huge_dir" \
            || ! mount -t hugetlbfs -o pagesize=2M nodev "$huge_dir"; then
        dpdk_huge_release
        return 1
    fi
}

# Undoes dpdk_huge_reserve().
dpdk_huge_release() {
    if [ -n "$huge_dir" ]; then
        umount "$huge_dir" 2> /dev/null
        rmdir "$huge_dir" 2> /dev/null
        huge_dir=
    fi
    if [ -n "$huge_saved" ]; then
        echo "$huge_saved" > /proc/sys/vm/nr_hugepages 2> /dev/null
        huge_saved=
    fi
}

# Starts ovs-vswitchd with DPDK (on huge pages or not, as 'huge' says),
# in network namespace LAB_NETNS, its PMD on CPU 'pmd_cpu' and everything
# else on CPU 0, and the bridge LAB_BR (netdev datapath, no flows).
dpdk_start_ovs() {
    local i

    # A network namespace of its own: no lab lock, no clash with the tap
    # devices of any other userspace datapath on the machine.
    ip netns add "$LAB_NETNS" || return 1
    # Mounted before ovs-vswitchd starts, so that its mount namespace has
    # the huge pages too.
    dpdk_mem_args="--no-huge -m $dpdk_mem"
    if [ "$huge" != no ]; then
        if dpdk_huge_reserve; then
            dpdk_mem_args="--huge-dir $huge_dir -m $dpdk_mem --iova-mode=va"
        elif [ "$huge" = yes ]; then
            lab_error "huge pages required: the kernel did not grant" \
                "$(dpdk_huge_need) huge pages of 2 MB"
            return 1
        fi
    fi
    lab_start_ovs || return 1
    taskset -a -p -c 0 "$(cat "$LAB_DIR/ovs-vswitchd.pid")" > /dev/null
    # --legacy-mem: Open vSwitch adds --in-memory otherwise, which DPDK
    # refuses with --no-huge.  --no-pci: there is no NIC to probe.
    lab_vsctl set Open_vSwitch . other_config:dpdk-init=true \
        "other_config:dpdk-extra=$dpdk_mem_args --legacy-mem \
--no-shconf --no-pci --file-prefix=$LAB_TAG" \
        "other_config:pmd-cpu-mask=$(printf '0x%x' $((1 << pmd_cpu)))" \
        || return 1
    for i in $(seq 150); do
        if [ "$(lab_vsctl get Open_vSwitch . dpdk_initialized)" = true ]
        then
            break
        fi
        if ! kill -0 "$(cat "$LAB_DIR/ovs-vswitchd.pid")" 2> /dev/null \
                || [ "$i" = 150 ]; then
            grep -i 'dpdk\|EAL' "$LAB_DIR/ovs-vswitchd.log" | tail -n 5 >&2
            lab_error "DPDK did not initialize (ovs-vswitchd.log above)"
            return 1
        fi
        sleep 0.2
    done
    lab_vsctl add-br "$LAB_BR" \
        -- set bridge "$LAB_BR" datapath_type=netdev fail_mode=secure \
        || return 1
}

# Adds DPDK port $1 with OpenFlow number $2 and device arguments $3, and
# checks that it came up.
dpdk_add_port() {
    local err

    lab_vsctl add-port "$LAB_BR" "$1" -- set interface "$1" type=dpdk \
        ofport_request="$2" mtu_request="$port_mtu" \
        "options:dpdk-devargs=$3" || return 1
    err=$(lab_vsctl get interface "$1" error)
    if [ "$err" != "[]" ]; then
        lab_error "port $1 ($3): $err"
        case $3 in
        net_pcap*) echo "  (DPDK's pcap driver: Debian package" \
            "librte-net-pcap23)" >&2 ;;
        net_null*) echo "  (DPDK's null driver: Debian package" \
            "librte-net-null23)" >&2 ;;
        esac
        return 1
    fi
}

# Stops what dpdk_start_ovs() started and gives back what it took.
dpdk_down() {
    lab_down
    ip netns del "$LAB_NETNS" 2> /dev/null
    rm -rf "/var/run/dpdk/$LAB_TAG"
    dpdk_huge_release
}
