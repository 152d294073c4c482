#!/bin/sh -eu
# Writes syscall_tables/zfs_ioctls.tsv: OpenZFS's ioctl requests (its ZFS_IOC_* enumeration, the
# KSTAT_IOC_* ones, BLKZNAME), which no Debian kernel header carries, evaluated by the compiler
# from an OpenZFS tree (strace 6.1 uses OpenZFS 2.1.99-654-g1135d0a5f; the ABI only grows).
# gen_ioctl_names.py merges the file into ioctl_names.tsv. Run by hand:
#   scripts/gen_zfs_ioctls.sh OPENZFS-GIT-DIR [COMMIT]
git_dir=$1 commit=${2:-1135d0a5f}
out=$(cd "$(dirname "$0")/../syscall_tables" && pwd)/zfs_ioctls.tsv
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git --git-dir="$git_dir" archive "$commit" include lib/libspl/include | tar -x -C "$tmp"
cd "$tmp"
{
	printf '#include <stdio.h>\n#include <sys/fs/zfs.h>\n#include <sys/kstat.h>\nint main(void) {\n'
	sed -En 's@^[[:space:]]*(ZFS_IOC_[^,[:space:]]+).*@printf("%s %#x\\n", "\1", \1);@p' include/sys/fs/zfs.h |
		grep -Ev '_IOC_(BASE|FIRST|LAST|PLATFORM)'
	sed -En 's@^#define[[:space:]]+(KSTAT_IOC_[^[:space:]]+).*@printf("%s %#x\\n", "\1", \1);@p' lib/libspl/include/sys/kstat.h |
		grep -Ev '_IOC_(BASE|FIRST|LAST|PLATFORM)\"'
	printf 'return 0;\n}\n'
} > gen.c
cc -I. -isystem include -isystem lib/libspl/include gen.c -o gen
{
	echo "# OpenZFS ioctl requests (scripts/gen_zfs_ioctls.sh, OpenZFS $commit)"
	echo "BLKZNAME 0x8100127d"
	./gen
} > "$out"
