#!/bin/bash
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# The fast-path benchmark (issue 14; run as bench/ovs-bench.sh --fast):
# Open vSwitch's userspace datapath on DPDK ports that a PMD thread polls,
# with no NIC and no kernel in the packet path, against its peers, in one
# run.
#
#   net_pcap (infinite_rx) --port 1-- [bridge, one PMD] --port 2-- net_null
#
# Port 1 is DPDK's pcap driver replaying a file of bench-engine's packets
# from memory as fast as the PMD polls it; port 2 is DPDK's null driver,
# which frees what it is given.  Both run inside the PMD thread (with no
# NIC, on huge pages if the kernel grants them), so the PMD is the only
# thing measured: Open vSwitch and the engine.  The generator cannot be
# the bottleneck (it produces a batch whenever polled; the PMD's busy
# share says whether it was busy all the time), and the script prints
# what was offered next to what arrived.
#
# For each path (BENCH_PATHS) it replays bench-engine's packets of that
# path with the flows
#
#   plain:      ip,in_port=1,actions=output:2        (ipv6 for 6->4)
#   translated: ip,in_port=1,actions=ipxlat(CONFIG),output:2
#
# (CONFIG is bench-engine's: prefix=2001:db8:64::/96, plus table=bench, a
# 1,000,000-entry EAM table loaded with ipxlat/table-load, for the EAM
# paths), in alternating rounds, and reads the PMD's Mpps and busy cycles
# per packet from dpif-netdev/pmd-perf-show.  In each round the peers run
# too (bench/peers-lib.sh): the kernel forwarding the UDP 4->6 frames
# untranslated and TAYGA translating them, fed by bench/pkt-flood, and
# so does the engine alone (bench-engine, as in 'make bench-run', on the
# PMD's CPU while the PMD has no port), so that the cycles translation
# adds in Open vSwitch can be set against the engine's own cost measured
# under the same conditions.
#
# Usage (as root): bench/ovs-bench.sh --fast
# Environment:
#   OVS_BUILD        Open vSwitch build tree, configured --with-dpdk
#                    (default build/ovs-build/build)
#   IPXLAT_BUILD     our build directory, with bench/bench-engine and
#                    bench/pkt-flood ('make bench'; default OVS_BUILD/../..)
#   BENCH_SECONDS    length of one measurement (default 3, at most 60)
#   BENCH_ROUNDS     rounds (default 3, at most 20)
#   BENCH_PATHS      bench-engine paths (default: udp-46 udp-64 tcp-46
#                    tcp-64 eam-46 eam-64 frag-46)
#   BENCH_PEERS      no: leave out the kernel and TAYGA (default yes)
#   BENCH_PERF       yes: after the rounds, profile the PMD with perf
#                    (cpu-clock samples) on BENCH_PERF_PATHS (default
#                    no; the paths by default: udp-46 udp-64)
#   BENCH_DPDK_MEM   MB of DPDK memory (default 2048)
#   BENCH_HUGE       yes: DPDK's memory on 2 MB huge pages, which the
#                    script reserves (vm.nr_hugepages) and mounts for the
#                    run and gives back after it; no: ordinary memory
#                    (--no-huge); auto (the default): huge pages if the
#                    kernel grants them, else ordinary memory, said so
#   BENCH_NICE       nice value of the PMD thread, of the engine alone, of
#                    TAYGA and of the peers' sender (default -20: as close
#                    to owning a CPU as a shared machine allows; 0 to
#                    leave them as they are)

set -u
LAB_TAG=${LAB_TAG:-ixf}
LAB_NETNS=${LAB_TAG}-ovs
PEER_TAG=${PEER_TAG:-${LAB_TAG}p}
bench_dir=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lab/lab-lib.sh
. "$bench_dir/../lab/lab-lib.sh"
# shellcheck source=lab/dpdk-lib.sh
. "$bench_dir/../lab/dpdk-lib.sh"
# shellcheck source=bench/bench-lib.sh
. "$bench_dir/bench-lib.sh"
# shellcheck source=bench/peers-lib.sh
. "$bench_dir/peers-lib.sh"

seconds=${BENCH_SECONDS:-3}
rounds=${BENCH_ROUNDS:-3}
paths=${BENCH_PATHS:-udp-46 udp-64 tcp-46 tcp-64 eam-46 eam-64 frag-46}
peers=${BENCH_PEERS:-yes}
perf=${BENCH_PERF:-no}
perf_paths=${BENCH_PERF_PATHS:-udp-46 udp-64}
dpdk_mem=${BENCH_DPDK_MEM:-2048}
huge=${BENCH_HUGE:-auto}
bench_nice=${BENCH_NICE:--20}
PEER_NICE=$bench_nice
IPXLAT_BUILD=${IPXLAT_BUILD:-$OVS_BUILD/../..}
ncpu=$(nproc 2> /dev/null || echo 1)
pmd_cpu=$((ncpu - 1))
# Large enough for frag-46's 3000-byte packets, on both ports.
port_mtu=3100
# The EAM table's name in bench-engine's config.
eam_table=bench
# Translator configs, as bench-engine's (its packets carry documentation
# addresses, which the Well-Known Prefix refuses to carry).
cfg_prefix=prefix=2001:db8:64::/96
cfg_table=prefix=2001:db8:64::/96,table=$eam_table
gen_port=${LAB_TAG}in
sink_port=${LAB_TAG}out
gen_count=0
pmd_tid=

# Prints an error, with the end of ovs-vswitchd's log when there is one
# (the log goes with the run directory on exit), and exits.
fail() {
    echo "ovs-bench: $*" >&2
    if [ -f "$LAB_DIR/ovs-vswitchd.log" ]; then
        echo "ovs-bench: the end of ovs-vswitchd.log:" >&2
        grep -v '|coverage|\||poll_loop|' "$LAB_DIR/ovs-vswitchd.log" \
            | tail -n 12 >&2
    fi
    exit 1
}

if ! [ "$seconds" -ge 1 ] 2> /dev/null || [ "$seconds" -gt 60 ]; then
    fail "BENCH_SECONDS in 1..60"
fi
if ! [ "$rounds" -ge 1 ] 2> /dev/null || [ "$rounds" -gt 20 ]; then
    fail "BENCH_ROUNDS in 1..20"
fi
if ! [ "$dpdk_mem" -ge 512 ] 2> /dev/null; then
    fail "BENCH_DPDK_MEM: at least 512 (MB)"
fi
case $huge in
yes|no|auto) ;;
*) fail "BENCH_HUGE: yes, no or auto" ;;
esac
if ! [ "$bench_nice" -ge -20 ] 2> /dev/null || [ "$bench_nice" -gt 19 ]; then
    fail "BENCH_NICE in -20..19"
fi
[ "$ncpu" -ge 2 ] || fail "needs 2 CPUs (a PMD core and one for the rest)"

# Checks everything before anything is set up, so that a missing piece
# is named instead of failing half-way.
fast_check() {
    local rc

    lab_check
    rc=$?
    [ "$rc" -eq 0 ] || exit "$rc"
    if ! "$OVS_BUILD/vswitchd/ovs-vswitchd" --version | grep -q '^DPDK'
    then
        fail "$OVS_BUILD was built without DPDK: configure --with-dpdk" \
            "(libdpdk-dev; see README.md, 'Building'), then run this" \
            "with OVS_BUILD set to that build, or 'make bench-ovs-fast' there"
    fi
    for prog in bench-engine pkt-flood; do
        if [ ! -x "$IPXLAT_BUILD/bench/$prog" ]; then
            make -C "$IPXLAT_BUILD" -s "bench/$prog" > /dev/null 2>&1 \
                || fail "no $IPXLAT_BUILD/bench/$prog: run 'make bench'" \
                    "in the build directory, or set IPXLAT_BUILD"
        fi
    done
    if [ "$peers" = yes ]; then
        peers_check || exit 1
    fi
    if [ "$perf" = yes ] && ! command -v perf > /dev/null; then
        fail "BENCH_PERF=yes needs perf (apt-get install linux-perf)"
    fi
    for p in $paths ${BENCH_PERF_PATHS:-}; do
        case $p in
        tcp-46|tcp-64|udp-46|udp-64|eam-46|eam-64|frag-46) ;;
        *) fail "BENCH_PATHS: $p is not one of the paths measured here" ;;
        esac
    done
}

cleanup() {
    peers_down
    dpdk_down
}

fast_check
trap 'cleanup' EXIT
trap 'exit 130' INT TERM

run_dir=$LAB_DIR/fast
engine=$IPXLAT_BUILD/bench/bench-engine
flood=$IPXLAT_BUILD/bench/pkt-flood

# Prints the flow of path $1 in case $2 (plain or translated): from the
# generator to the sink, through the translator with bench-engine's config
# for that path when translated.
path_flow() {
    local match=ip cfg=$cfg_prefix

    case $1 in
    *-64) match=ipv6 ;;
    esac
    case $1 in
    eam-*) cfg=$cfg_table ;;
    esac
    if [ "$2" = plain ]; then
        echo "$match,in_port=1,actions=output:2"
    else
        echo "$match,in_port=1,actions=ipxlat($cfg),output:2"
    fi
}

# Prints the thread id of the PMD thread.
pmd_tid() {
    ps -L -o tid=,comm= -p "$(cat "$LAB_DIR/ovs-vswitchd.pid")" \
        | awk '$2 ~ /^pmd/ { print $1; exit }'
}

# Adds the sink port, net_null with its receive side off, and gives the
# PMD thread (which exists once a port does; its id in pmd_tid) its nice
# value.
fast_add_sink() {
    dpdk_add_port "$sink_port" 2 "net_null_$LAB_TAG,no-rx=1" || return 1
    pmd_tid=$(pmd_tid)
    [ -n "$pmd_tid" ] || { lab_error "no PMD thread"; return 1; }
    renice -n "$bench_nice" -p "$pmd_tid" > /dev/null
}

# Replaces the generator port by one that replays path $1's packets.  The
# flows go first: the last path's translated flow would see the new
# packets with the wrong config until fast_measure installs the next.
fast_set_generator() {
    lab_ofctl del-flows "$LAB_BR" || return 1
    lab_vsctl --if-exists del-port "$LAB_BR" "$gen_port" || return 1
    gen_count=$((gen_count + 1))
    dpdk_add_port "$gen_port" 1 \
        "net_pcap_${LAB_TAG}_$gen_count,rx_pcap=$run_dir/$1.pcap,infinite_rx=1"
}

# Removes both DPDK ports, so that the PMD stops polling (for the peers).
fast_del_ports() {
    lab_vsctl --if-exists del-port "$LAB_BR" "$gen_port" \
        -- --if-exists del-port "$LAB_BR" "$sink_port"
}

# Prints "GEN_RX SINK_TX SINK_TX_DROPPED": the packets the generator port
# received and those the sink port sent or dropped, read from the devices
# at once (dpctl/show -s; the database's statistics lag by 5 s).
port_stats() {
    lab_appctl dpctl/show -s | awk -v gen="$gen_port" -v sink="$sink_port" '
        /^ *port [0-9]+: / { cur = $3 }
        cur == gen && /RX packets:/ { split($2, a, ":"); rx = a[2] }
        cur == sink && /TX packets:/ { split($2, a, ":"); tx = a[2]
                                       split($4, b, ":"); drop = b[2] }
        END { print rx + 0, tx + 0, drop + 0 }'
}

# Prints the PMD's figures since the last pmd-stats-clear: "RX_KPPS
# CYCLES_PER_PKT BUSY_PCT PASSES TX_KPPS TSC_HZ" (busy cycles only;
# TSC_HZ from the used cycles, their share of all and the duration).
pmd_figures() {
    lab_appctl dpif-netdev/pmd-perf-show | awk '
        # The first number in parentheses on the line.
        function paren(    t) {
            t = $0
            sub(/^[^(]*[(] */, "", t)
            return t + 0
        }
        /Measurement duration:/ { dur = $3 }
        /Used TSC cycles:/ { used = $5; share = paren() }
        /busy iterations:/ { busy = paren() }
        /Rx packets:/ { rx = paren(); cyc = $6 }
        /Datapath passes:/ { passes = paren() }
        /Tx packets:/ { tx = paren() }
        END { hz = dur && share ? used / (share / 100) / dur : 0
              printf "%s %s %s %s %s %.0f\n", rx + 0, cyc + 0, busy + 0,
                     passes + 0, tx + 0, hz }'
}

# Prints the nanoseconds the PMD thread has run so far (schedstat: the
# scheduler's own account, finer than the clock ticks of /proc/PID/stat).
pmd_cpu_ns() {
    awk '{ print $1 }' \
        "/proc/$(cat "$LAB_DIR/ovs-vswitchd.pid")/task/$pmd_tid/schedstat"
}

# Installs flow $1 and measures for BENCH_SECONDS; prints "RX_KPPS
# CYCLES_PER_PKT BUSY_PCT PASSES TX_KPPS TSC_HZ OFFERED_PPS
# DELIVERED_PPS DROPS CPU_NS_PER_PKT".  The last is the PMD thread's own
# CPU time (which, unlike its busy cycles, leaves out the time other
# processes had its CPU) over the packets offered.
fast_measure() {
    local g0 g1 s0 s1 d0 d1 t0 t1 figures

    lab_ofctl del-flows "$LAB_BR" && lab_ofctl add-flow "$LAB_BR" "$1" \
        || return 1
    # Warm up: the first packets set up the megaflow(s).
    sleep 1
    t0=$(pmd_cpu_ns)
    read -r g0 s0 d0 <<< "$(port_stats)"
    lab_appctl dpif-netdev/pmd-stats-clear > /dev/null
    sleep "$seconds"
    figures=$(pmd_figures)
    read -r g1 s1 d1 <<< "$(port_stats)"
    t1=$(pmd_cpu_ns)
    awk -v f="$figures" -v s="$seconds" -v g="$((g1 - g0))" \
        -v t="$((s1 - s0))" -v d="$((d1 - d0))" -v cpu="$((t1 - t0))" \
        'BEGIN { printf "%s %.0f %.0f %d %.1f\n", f, g / s, t / s, d,
                 g ? cpu / g : 0 }'
}

# Prints "PATH ENGINE_NS" for each row of bench-engine's table on
# standard input (the engine ns is the third of the first three numbers
# in a row: total, copy, engine).
engine_ns() {
    awk '$1 ~ /^[a-z]+-[0-9]+(-batch)?$/ {
        for (i = 2; i + 2 <= NF; i++) {
            if ($i ~ /^[0-9.]+$/ && $(i + 1) ~ /^[0-9.]+$/ \
                && $(i + 2) ~ /^[0-9.]+$/) {
                print $1, $(i + 2)
                break
            }
        }
    }'
}

# Prints one row of the measurement table.
row() {
    printf '%-5s %-8s %-10s %7s %9s %9s %7s %7s %5s %6s\n' "$@"
}

lab_heading "Starting Open vSwitch with DPDK (tag $LAB_TAG)"
cleanup > /dev/null 2>&1
dpdk_start_ovs || fail "set-up failed"
"$OVS_BUILD/vswitchd/ovs-vswitchd" --version | head -n 2
echo "PMD on CPU $pmd_cpu (nice $bench_nice); ovs-vswitchd's other threads" \
    "and the peers' sender on CPU 0; DPDK $dpdk_mem_args; port MTU" \
    "$port_mtu"

lab_heading "Packets (bench-engine --write-pcap) and the EAM table"
mkdir -p "$run_dir" || fail "cannot create $run_dir"
pcaps=$paths
[ "$peers" = yes ] && pcaps="$pcaps udp-46"
for p in $pcaps; do
    [ -f "$run_dir/$p.pcap" ] && continue
    "$engine" --path "$p" --write-pcap "$run_dir/$p.pcap" 2> /dev/null \
        || fail "bench-engine --path $p --write-pcap failed"
    echo "$p: $(tcpdump -r "$run_dir/$p.pcap" -nn -c 1 2> /dev/null \
        | cut -d' ' -f2-) ($(($(stat -c %s "$run_dir/$p.pcap") / 1024))" \
        "KiB of pcap)"
done
case " $paths " in
*" eam-"*)
    "$engine" --write-eam "$run_dir/eam.txt" || fail "--write-eam failed"
    lab_appctl ipxlat/table-load "$eam_table" "$run_dir/eam.txt" \
        || fail "ipxlat/table-load failed"
    lab_appctl ipxlat/table-show "$eam_table" 2 \
        || fail "ipxlat/table-show failed"
    ;;
esac
fast_add_sink || fail "set-up failed"

if [ "$peers" = yes ]; then
    peers_up || fail "peers set-up failed"
fi

lab_heading "Measuring: $rounds rounds, $seconds s per case"
echo "Mpps: packets the forwarder took in per second (the PMD's Rx, or what"
echo "reached the sink for the peers); offered: what the generator gave;"
echo "arrived: what reached the sink; cyc/pkt: the PMD's busy cycles per"
echo "packet (pmd-perf-show); ns/pkt: CPU time per packet (the PMD thread's,"
echo "or the kernel's softirq work and TAYGA's); busy: the PMD's busy share;"
echo "the peers' last column: what was offered but not delivered."
row round path case Mpps offered/s arrived/s cyc/pkt ns/pkt busy passes
results=$run_dir/results.txt
: > "$results"
for r in $(seq "$rounds"); do
    if [ "$r" -gt 1 ]; then
        fast_add_sink || fail "set-up failed"
    fi
    for p in $paths; do
        fast_set_generator "$p" || fail "set-up failed"
        for c in plain translated; do
            flow=$(path_flow "$p" "$c")
            line=$(fast_measure "$flow") || fail "measurement failed"
            read -r kpps cyc busy passes _ _ offered delivered _ ns \
                <<< "$line"
            row "$r" "$p" "$c" "$(awk -v k="$kpps" \
                'BEGIN { printf "%.3f", k / 1000 }')" "$offered" \
                "$delivered" "$cyc" "$ns" "$busy" "$passes"
            echo "$p/$c $line" >> "$results"
            # A figure of packets the translator dropped would measure
            # drops: every packet offered must arrive (frag-46's as three).
            if awk -v o="$offered" -v d="$delivered" \
                'BEGIN { exit !(d < 0.99 * o) }'; then
                lab_appctl ipxlat/show >&2
                fail "$p $c: $delivered of $offered packets per second" \
                    "arrived (see ipxlat/show above)"
            fi
        done
    done
    # The PMD stops polling when it has no port left: the engine alone and
    # the peers get its CPU.
    fast_del_ports || fail "could not remove the DPDK ports"
    nice -n "$bench_nice" taskset -c "$pmd_cpu" "$engine" \
        > "$run_dir/engine.txt" 2> /dev/null || fail "bench-engine failed"
    engine_ns < "$run_dir/engine.txt" | sed 's|^|engine/|' >> "$results"
    engine_ns < "$run_dir/engine.txt" | awk -v r="$r" -v paths="$paths" '
        BEGIN { n = split(paths, a, " ")
                for (i = 1; i <= n; i++) {
                    want[a[i]] = 1; want[a[i] "-batch"] = 1
                }
                printf "%-5s engine alone, ns per packet:", r }
        $1 in want { printf " %s %s", $1, $2 }
        END { print "" }'
    if [ "$peers" = yes ]; then
        for c in kernel tayga; do
            peers_use "$c" || fail "peer $c failed"
            line=$(peers_measure "$flood" "$run_dir/udp-46.pcap" \
                "$seconds") || fail "peer $c: measurement failed"
            read -r offered delivered ns _ lost <<< "$line"
            row "$r" udp-46 "$c" "$(awk -v d="$delivered" \
                'BEGIN { printf "%.3f", d / 1e6 }')" "$offered" \
                "$delivered" - "$ns" "-" "lost $lost%"
            echo "peer/$c $line" >> "$results"
        done
    fi
done

if [ "$perf" = yes ]; then
    lab_heading "Where the PMD's time goes (perf, cpu-clock samples)"
    fast_add_sink || fail "set-up failed"
    for p in $perf_paths; do
        [ -f "$run_dir/$p.pcap" ] || "$engine" --path "$p" --write-pcap \
            "$run_dir/$p.pcap" 2> /dev/null || fail "no pcap for $p"
        fast_set_generator "$p" || fail "set-up failed"
        for c in plain translated; do
            flow=$(path_flow "$p" "$c")
            line=$(fast_measure "$flow") || fail "measurement failed"
            read -r _ cyc _ <<< "$line"
            perf record -q -e cpu-clock -F 4999 -t "$pmd_tid" \
                -o "$run_dir/perf.data" -- sleep "$seconds" 2> /dev/null
            echo "$p $c ($cyc busy cycles per packet): self share, and" \
                "cycles per packet at that share"
            perf report -i "$run_dir/perf.data" --no-children \
                --sort dso,symbol --stdio 2> /dev/null \
                | awk -v cyc="$cyc" '
                      # "SHARE% DSO [.] SYMBOL": samples without a symbol
                      # (stripped DPDK drivers) count for their DSO.
                      /^ +[0-9.]+%/ {
                          v = $1; sub(/%/, "", v)
                          name = $4 ~ /^0x/ ? "(no symbols)" : $4
                          share[name SUBSEP $2] += v
                      }
                      END {
                          for (k in share) {
                              split(k, f, SUBSEP)
                              printf "  %6.2f%% %5.0f  %-32s %s\n", share[k],
                                     share[k] * cyc / 100, f[1], f[2]
                          }
                      }' | sort -rn | head -n 15
        done
    done
    fast_del_ports
fi

lab_heading "ipxlat/show (over the whole run)"
lab_appctl ipxlat/show | awk '$2 ~ /^[0-9]+$/ && $2 != 0'

lab_heading "The engine alone (bench-engine, in the last round)"
cat "$run_dir/engine.txt"

lab_heading "Result (median over the rounds)"
bench_medians < "$results" | awk -v paths="$paths" -v peers="$peers" '
    # One row of the table of forwarders, with its ratios to TAYGA.
    function row(name, offered, pps, ns,    lost) {
        lost = offered > pps ? 100 * (offered - pps) / offered : 0
        printf "%-28s %10.0f %10.0f %4.0f%% %9.1f %10.0f %7s %7s\n", name,
               offered, pps, lost, ns, ns ? 1e9 / ns : 0,
               tpps ? sprintf("%.1fx", pps / tpps) : "-",
               tns && ns ? sprintf("%.1fx", tns / ns) : "-"
    }
    # PATH/CASE RX_KPPS CYC BUSY PASSES TX_KPPS HZ OFFERED DELIVERED DROPS CPU_NS
    # peer/NAME OFFERED DELIVERED NS ROUTER_RX LOST_PCT
    # engine/PATH NS
    { key[$1] = 1
      for (i = 2; i <= NF; i++) { v[$1, i - 1] = $i }
      if ($1 ~ /^engine\//) { eng[substr($1, 8)] = $2 } }
    END {
        np = split(paths, pa, " ")
        for (i = 1; i <= np; i++) {
            hz = v[pa[i] "/translated", 6]
            if (hz) { break }
        }
        ghz = hz / 1e9
        printf "Open vSwitch, one PMD core, TSC %.2f GHz.  cyc: the PMD'"'"'s busy cycles per\n", ghz
        printf "packet (pmd-perf-show); ns: the PMD thread'"'"'s CPU time per packet, which\n"
        printf "leaves out what other processes took of its CPU; added: translated minus\n"
        printf "plain; ratio CPU: plain over translated CPU time per packet, i.e. packets\n"
        printf "per CPU second translated over plain; eng: the engine alone (bench-engine\n"
        printf "ns, of eam-*-batch for the EAM paths as the action prefetches a batch too,\n"
        printf "and times the TSC rate); x eng: added over the engine'"'"'s own cost\n"
        printf "(target <= 1.5), by cycles and by CPU time; tx/rx: packets out per\n"
        printf "packet in, translated.\n\n"
        printf "%-7s %6s %6s %5s %5s %5s %5s %5s %6s %6s %6s %6s %5s %5s %5s %5s\n",
               "path", "plain", "xlat", "ratio", "ratio", "plain", "xlat",
               "added", "plain", "xlat", "added", "eng", "eng", "x eng",
               "x eng", "tx/rx"
        printf "%-7s %6s %6s %5s %5s %5s %5s %5s %6s %6s %6s %6s %5s %5s %5s %5s\n",
               "", "Mpps", "Mpps", "pps", "CPU", "cyc", "cyc", "cyc", "ns",
               "ns", "ns", "ns", "cyc", "cyc", "ns", ""
        for (i = 1; i <= np; i++) {
            p = pa[i]; pl = p "/plain"; xl = p "/translated"
            if (!((pl) in key) || !((xl) in key)) { continue }
            ratio = v[pl, 1] ? 100 * v[xl, 1] / v[pl, 1] : 0
            added = v[xl, 2] - v[pl, 2]
            added_ns = v[xl, 10] - v[pl, 10]
            # The action prefetches the EAM slots of a whole batch, as
            # the engine'"'"'s batch paths do.
            ep = (p ~ /^eam-/ && ((p "-batch") in eng)) ? p "-batch" : p
            e = eng[ep]
            ec = e * ghz
            printf "%-7s %6.2f %6.2f %4.0f%% %4.0f%% %5.0f %5.0f %5.0f %6.1f %6.1f %6.1f %6.1f %5.0f %5.2f %5.2f %5.2f\n",
                   p, v[pl, 1] / 1000, v[xl, 1] / 1000, ratio,
                   v[xl, 10] ? 100 * v[pl, 10] / v[xl, 10] : 0, v[pl, 2],
                   v[xl, 2], added, v[pl, 10], v[xl, 10], added_ns, e,
                   ec, ec ? added / ec : 0, e ? added_ns / e : 0,
                   v[xl, 1] ? v[xl, 5] / v[xl, 1] : 0
            if (ratio < 90) { miss_rate = miss_rate " " p }
            if (!ec || added > 1.5 * ec) { miss_add = miss_add " " p }
            if (!e || added_ns > 1.5 * e) {
                miss_add_ns = miss_add_ns " " p
            }
        }
        printf "\ntarget translated >= 90%% of plain pps: %s\n",
               (miss_rate == "") ? "met on every path" : ("NOT met on" miss_rate)
        printf "target added <= 1.5 x engine, cycles:   %s\n",
               (miss_add == "") ? "met on every path" : ("NOT met on" miss_add)
        printf "target added <= 1.5 x engine, CPU time: %s\n",
               (miss_add_ns == "") ? "met on every path" : ("NOT met on" miss_add_ns)

        pl = "udp-46/plain"; xl = "udp-46/translated"
        if (!(pl in key) || !(xl in key)) { exit }
        printf "\nOne run, UDP 4->6 (84-byte IPv4 packets); pps: delivered per second;\n"
        printf "lost: offered but not delivered; CPU ns/packet: the CPU time of the PMD\n"
        printf "thread, or of the kernel'"'"'s softirq work and TAYGA, per packet (what other\n"
        printf "processes ran on these CPUs is not in it); pkts per CPU s: 1e9 / that.\n"
        printf "%-28s %10s %10s %5s %9s %10s %7s %7s\n", "forwarder",
               "offered/s", "pps", "lost", "CPU ns/", "pkts per", "pps vs",
               "per CPU"
        printf "%-28s %10s %10s %5s %9s %10s %7s %7s\n", "", "", "", "",
               "packet", "CPU s", "TAYGA", "s vs T."
        tg = "peer/tayga"; kn = "peer/kernel"
        if (tg in key) { tpps = v[tg, 2]; tns = v[tg, 3] }
        row("Open vSwitch plain (PMD)", v[pl, 7], v[pl, 8], v[pl, 10])
        row("Open vSwitch ipxlat (PMD)", v[xl, 7], v[xl, 8], v[xl, 10])
        if (peers == "yes") {
            row("TAYGA (TUN)", v[tg, 1], v[tg, 2], v[tg, 3])
            row("kernel forwarding, no xlat", v[kn, 1], v[kn, 2], v[kn, 3])
            if (v[kn, 5] < 2) {
                printf "(the kernel forwarded all it was offered: the sender bounds its pps;\n"
                printf "pkts per CPU s says what one CPU of forwarding would carry)\n"
            }
            printf "target translated >= 10 x TAYGA pps: %s\n",
                   (tpps && v[xl, 8] >= 10 * tpps) ? "met" : "NOT met"
        }
        printf "\nfast path: translated/plain pps %.0f%%\n",
               v[pl, 8] ? 100 * v[xl, 8] / v[pl, 8] : 0
        if (peers == "yes") {
            printf "fast path: translated/tayga pps %.1fx\n",
                   tpps ? v[xl, 8] / tpps : 0
        }
    }'
