#!/bin/bash
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# The ofctl-scripts against a real Open vSwitch (issue 12), without
# traffic: the one-line errors and exit status 1 for a missing bridge or
# port, a datapath that is not netdev, a bad prefix, an address outside
# its network and an ovs-ofctl without the ipxlat action; --dry-run
# changes nothing and prints the bundle; a second run leaves the same
# flows; --remove takes the script's flows (and learned ones) and its
# conntrack timeout policy, and nothing else; mtu4/mtu6 follow the ports'
# MTUs unless given; amend_udp_zero_csum is on by default and can be
# turned off; ipxlat-clat --pref64d writes ipxlat-pref64d's template;
# ipxlat-eam names a bad line; --help is there.  Runs in a network
# namespace of its own.
#
# Needs root and the Open vSwitch build (OVS_BUILD); exit status 77
# (skipped) without them, 1 if any check fails.  A few seconds.

# The check functions are run through check(), and many checks are
# strings for eval, expanded there: shellcheck cannot see either.
# shellcheck disable=SC2317,SC2016,SC2034
set -u
srcdir=${srcdir:-$(dirname "$0")/..}
if [ -z "${OVS_BUILD:-}" ] && [ -x ovs-build/build/vswitchd/ovs-vswitchd ]
then
    OVS_BUILD=$(pwd)/ovs-build/build
fi
LAB_TAG=ixo
LAB_DIR=${TMPDIR:-/tmp}/ipxlat-lab-ofctl-scripts
LAB_NETNS=ipxlat-ofctl-scripts
# shellcheck source=lab/lab-lib.sh
. "$srcdir/lab/lab-lib.sh"
S=$lab_src/ofctl-scripts

msg=$(lab_check 2>&1) || { echo "SKIP: ofctl-scripts: ${msg#ipxlat-lab: }";
                           exit 77; }
command -v python3 > /dev/null || { echo "SKIP: no python3"; exit 77; }

passed=0
failed=0
log=$(mktemp "${TMPDIR:-/tmp}/ofctl-scripts.XXXXXX")
cleanup() {
    lab_stop_pidfile "$LAB_DIR/ovs-vswitchd.pid"
    lab_stop_pidfile "$LAB_DIR/ovsdb-server.pid"
    ip netns del "$LAB_NETNS" 2> /dev/null
    rm -rf "$LAB_DIR" "$log"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

OVS="--ovs-vsctl $OVS_BUILD/utilities/ovs-vsctl \
--ovs-ofctl $OVS_BUILD/utilities/ovs-ofctl \
--ovs-appctl $OVS_BUILD/utilities/ovs-appctl \
--unixctl $LAB_DIR/ovs-vswitchd.ctl"
PLAT_COOKIE=0x69786c7000000000
PLAT="--bridge tbr --mode nat64 --ipv6-port p6 --ipv4-port p4 \
--ipv6 2001:db8:ff::64/64 --ipv4 192.0.2.2/25 --gateway4 192.0.2.1 \
--prefix 2001:db8:64::/96 --pool4 198.51.100.0/28"

# Runs script $1 with the Open vSwitch options and "${@:2}".
run() {
    local s=$1
    shift
    # shellcheck disable=SC2086
    "$S/$s" $OVS "$@"
}

# Expects script "$2..." to exit $1 with exactly the output (both
# streams) that follows the command on stdin.
expect() {
    local want_status=$1 want out status=0
    shift
    want=$(cat)
    out=$(run "$@" 2>&1) || status=$?
    if [ "$status" = "$want_status" ] && [ "$out" = "$want" ]; then
        echo "exit $status: $out"
        return 0
    fi
    echo "want (exit $want_status): $want"
    echo "got  (exit $status): $out"
    return 1
}

flows() {
    lab_ofctl dump-flows --no-stats "$@" | grep -v '^NXST' | sort
}

mkdir -p "$LAB_DIR"
ip netns add "$LAB_NETNS" || exit 1
# (lab_check again, not in a subshell: it finds OVS_SCHEMA.)
if ! lab_check > "$log" 2>&1 || ! lab_start_ovs > "$log" 2>&1; then
    cat "$log"; echo "FAIL: Open vSwitch"; exit 1
fi
for p in p6 p4; do
    ip -n "$LAB_NETNS" link add "$p" type veth peer name "$p-peer"
    ip -n "$LAB_NETNS" link set "$p" up
    ip -n "$LAB_NETNS" link set "$p-peer" up
done
lab_vsctl add-br tbr -- set bridge tbr datapath_type=netdev \
    fail_mode=secure -- add-port tbr p6 -- add-port tbr p4 \
    -- add-br sys -- set bridge sys fail_mode=secure > "$log" 2>&1 \
    || { cat "$log"; echo "FAIL: bridges"; exit 1; }
lab_ofctl add-flow tbr "cookie=0x42,table=7,priority=5,actions=drop"

# An ovs-ofctl of an Open vSwitch without the ipxlat patches.
cat > "$LAB_DIR/old-ovs-ofctl" <<EOS
#!/bin/sh
if [ "\$1" = parse-flow ]; then
    echo "ovs-ofctl: unknown action ipxlat" >&2
    exit 1
fi
exec $OVS_BUILD/utilities/ovs-ofctl "\$@"
EOS
chmod +x "$LAB_DIR/old-ovs-ofctl"

echo "== errors"
# shellcheck disable=SC2086
check "missing bridge" expect 1 ipxlat-plat ${PLAT/tbr/nosuch} <<'EOF'
ipxlat-plat: error: no bridge nosuch
EOF
# shellcheck disable=SC2086
check "a bridge that is not netdev" expect 1 ipxlat-plat ${PLAT/tbr/sys} \
    <<'EOF'
ipxlat-plat: error: bridge sys has datapath_type system, not netdev: the ipxlat action runs only in the userspace datapath
EOF
# shellcheck disable=SC2086
check "missing port" expect 1 ipxlat-plat ${PLAT/ p6 / nope } <<'EOF'
ipxlat-plat: error: no port nope on bridge tbr
EOF
# shellcheck disable=SC2086
check "bad prefix" expect 1 ipxlat-plat ${PLAT/::\/96/::\/95} <<'EOF'
ipxlat-plat: error: bad prefix 2001:db8:64::/95: the length must be 32, 40, 48, 56, 64 or 96 (RFC 6052 section 2.2)
EOF
# shellcheck disable=SC2086
check "address outside its network" \
    expect 1 ipxlat-plat ${PLAT/192.0.2.1/192.0.2.200} <<'EOF'
ipxlat-plat: error: --gateway4 192.0.2.200 is outside the --ipv4 network 192.0.2.0/25
EOF
check "CLAT address outside the IPv4 network" \
    expect 1 ipxlat-clat --bridge tbr --ipv4-port p4 --uplink p6 \
    --clat-ipv6 2001:db8:1::464 --host4 192.0.0.9 --prefix 2001:db8:64::/96 \
    <<'EOF'
ipxlat-clat: error: --host4 192.0.0.9 is outside the --ipv4 network 192.0.0.0/29
EOF
# shellcheck disable=SC2086
check "an Open vSwitch without the ipxlat action" \
    expect 1 ipxlat-plat $PLAT --ovs-ofctl "$LAB_DIR/old-ovs-ofctl" <<EOF
ipxlat-plat: error: $LAB_DIR/old-ovs-ofctl has no ipxlat action (an Open vSwitch without the ipxlat patches)
EOF
printf '192.0.2.0/24 2001:db8:12::/120\n\n198.51.100.9 2001:db8::9 extra\n' \
    > "$LAB_DIR/bad.eam"
eam_bad() {
    "$S/ipxlat-eam" --ovs-appctl "$OVS_BUILD/utilities/ovs-appctl" \
        --unixctl "$LAB_DIR/ovs-vswitchd.ctl" load t "$LAB_DIR/bad.eam"
}
check "ipxlat-eam names the bad line" \
    eval 'out=$(eam_bad 2>&1); s=$?; echo "$out"; [ $s = 1 ] && [ "$out" = \
          "ipxlat-eam: error: $LAB_DIR/bad.eam:3: want '"'IPV4[/LEN] IPV6[/LEN]'"'" ]'
only_other='^ cookie=0x42, table=7, priority=5 actions=drop$'
check "nothing was changed by the errors" \
    eval 'flows tbr; [ "$(flows tbr | grep -c .)" = 1 ] \
          && flows tbr | grep -q "$only_other"'

echo "== dry run, apply, again, remove"
dry_run() {
    local out
    # shellcheck disable=SC2086
    out=$(run ipxlat-plat $PLAT --dry-run) || return 1
    echo "$out" | head -n 5
    echo "$out" | grep -q "ovs-ofctl --bundle add-flows tbr - <<'EOF'$" \
        && echo "$out" | grep -q "^delete cookie=$PLAT_COOKIE/-1$" \
        && echo "$out" | grep -q "add-zone-tp netdev zone=64 " \
        && [ "$(flows tbr | grep -c .)" = 1 ] \
        && ! lab_vsctl list-zone-tp netdev 2> /dev/null | grep -q Zone
}
check "--dry-run prints the bundle and changes nothing" dry_run
apply() {
    # shellcheck disable=SC2086
    run ipxlat-plat $PLAT "$@"
}
check "ipxlat-plat --mode nat64 applies" apply
first=$(flows tbr "cookie=$PLAT_COOKIE/-1")
check "its 50 flows carry its cookie" \
    eval '[ "$(echo "$first" | grep -c "cookie=$PLAT_COOKIE,")" = 50 ]'
check "the zone's timeout policy is RFC 6146's" \
    eval 'lab_vsctl list-zone-tp netdev \
          | grep "^Zone:64, .*tcp_established=7440 .*udp_first=300"'
# A learned neighbour, as the ARP learning flow would make it.
lab_ofctl add-flow tbr "cookie=0x69786c7000000001,table=31,reg0=0xc0000201,\
actions=output:2"
check "a second run" apply
check "... leaves the same flows" \
    eval '[ "$(flows tbr "cookie=$PLAT_COOKIE/-1")" = "$first" ]'
check "... and keeps what was learned" \
    eval 'flows tbr "cookie=0x69786c7000000001/-1" | grep -q reg0=0xc0000201'
check "amend_udp_zero_csum is on by default" \
    eval 'flows tbr "table=12" | grep -q amend_udp_zero_csum'
check "mtu4 and mtu6 follow the ports (1500)" \
    eval 'flows tbr "table=12" | grep -q "ipxlat(prefix=2001:db8:64::/96,\
src4=192.0.2.2,mtu4=1500,mtu6=1500,amend_udp_zero_csum)"'
lab_vsctl set interface p6 mtu_request=1280
for _ in $(seq 50); do
    [ "$(lab_vsctl get interface p6 mtu)" = 1280 ] && break
    sleep 0.1
done
check "mtu6 follows the port's new MTU (1280)" \
    eval 'apply && flows tbr "table=12" | grep -q \
          "src4=192.0.2.2,mtu4=1500,mtu6=1280,amend_udp_zero_csum)"'
check "--mtu6 and --no-amend-udp-zero-csum win" \
    eval 'apply --mtu6 1400 --no-amend-udp-zero-csum \
          && flows tbr "table=12" | grep "mtu6=1400)" \
          && ! flows tbr | grep -q amend_udp_zero_csum'
check "--remove" run ipxlat-plat --bridge tbr --remove
check "... leaves only the other flow" \
    eval 'flows tbr; [ "$(flows tbr | grep -c .)" = 1 ] \
          && flows tbr | grep -q "$only_other"'
check "... and no timeout policy" \
    eval '! lab_vsctl list-zone-tp netdev | grep -q Zone:64'

echo "== ipxlat-clat with ipxlat-pref64d"
CLAT="--bridge tbr --ipv4-port p4 --uplink p6 --clat-ipv6 2001:db8:1::464 \
--pref64d --template $LAB_DIR/clat.flows"
want_line='^table=20,priority=50,ip,actions=ipxlat(prefix={PREF64},'\
'eam(192.0.0.2,2001:db8:1::464),src4=192.0.0.1,pool6791v4=192.0.0.8,'\
'mtu4=1500,mtu6=1280,amend_udp_zero_csum),resubmit(,40)$'
# shellcheck disable=SC2086
check "ipxlat-clat --pref64d" eval 'run ipxlat-clat $CLAT > /dev/null'
check "the template holds the translating flows with {PREF64}" \
    eval 'cat "$LAB_DIR/clat.flows"; [ "$(grep -c "prefix={PREF64}" \
          "$LAB_DIR/clat.flows")" = 6 ] \
          && grep -q "$want_line" "$LAB_DIR/clat.flows"'
check "the CLAT's own flows have no ipxlat action" \
    eval '! flows tbr "cookie=0x69786c6300000000/-1" | grep -q ipxlat'
check "--remove" run ipxlat-clat --bridge tbr --remove --pref64d
check "... leaves only the other flow" \
    eval '[ "$(flows tbr | grep -c .)" = 1 ]'

echo "== --help"
for s in ipxlat-clat ipxlat-plat ipxlat-siit-dc ipxlat-eam; do
    check "$s --help, with examples" \
        eval '"$S/$s" --help | grep -q "^examples:$"'
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
