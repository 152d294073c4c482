#!/usr/bin/env bash
# lossy_bridge.sh TAG WIREDUMP OUT.pcapng [WRAPPER ...]
# Two namespaces joined by a bridge in a third; nft on the bridge drops 3% of the data and 2%
# of the ACKs of the bulk connection at random. tcp_mix.py runs between them (10.77.3.1 ->
# 10.77.3.2) while WIREDUMP captures on the receiver's interface (wxb, in namespace wtB$TAG)
# into OUT (no capture when OUT is "-"). With WRAPPER, the client runs as
# "WRAPPER ... ip netns exec wtA$TAG python3 tcp_mix.py client ..." (e.g. wiretrace with its
# own capture). Everything is removed afterwards. Traffic stays between the addresses
# assigned here.
set -euo pipefail
tag=$1 wiredump=$2 out=$3
shift 3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
A=wtA$tag B=wtB$tag M=wtM$tag
cleanup() { for n in $A $B $M; do ip netns del "$n" 2>/dev/null || true; done; }
trap cleanup EXIT
for n in $A $B $M; do ip netns add "$n"; ip -n "$n" link set dev lo up; done
# (interface names that no "ip link" keyword starts with)
ip link add wxa netns "$A" type veth peer name wma netns "$M"
ip link add wxb netns "$B" type veth peer name wmb netns "$M"
ip -n "$M" link add wbr type bridge
ip -n "$M" link set dev wma master wbr
ip -n "$M" link set dev wmb master wbr
ip -n "$A" addr add 10.77.3.1/24 dev wxa
ip -n "$B" addr add 10.77.3.2/24 dev wxb
# one segment per packet, as on a real wire (no 64 KB GSO frames)
for l in "$A wxa" "$B wxb" "$M wma" "$M wmb"; do
    read -r ns dev <<<"$l"
    ip -n "$ns" link set dev "$dev" gso_max_segs 1 up
done
ip -n "$M" link set dev wbr up
ip netns exec "$M" nft add table bridge wt
ip netns exec "$M" nft add chain bridge wt lossy '{ type filter hook forward priority 0; }'
ip netns exec "$M" nft add rule bridge wt lossy tcp dport 5001 numgen random mod 100 '<' 3 drop
ip netns exec "$M" nft add rule bridge wt lossy tcp sport 5001 numgen random mod 100 '<' 2 drop
err=$(mktemp)
cap=
if [ "$out" != - ]; then
    ip netns exec "$B" "$wiredump" -i wxb -s 0 -w "$out" tcp 2>"$err" &
    cap=$!
    for _ in $(seq 100); do grep -q "listening on" "$err" && break; sleep 0.05; done
fi
ip netns exec "$B" /usr/bin/python3 "$here/tcp_mix.py" server 10.77.3.2 >"$err.srv" &
srv=$!
for _ in $(seq 100); do grep -q ready "$err.srv" && break; sleep 0.05; done
"$@" ip netns exec "$A" /usr/bin/python3 "$here/tcp_mix.py" client 10.77.3.2
wait $srv
if [ -n "$cap" ]; then
    sleep 0.3
    kill -INT $cap
    wait $cap
    cat "$err" >&2
fi
rm -f "$err" "$err.srv"
