/* The capture plugin boundary: plain C, versioned, one exported entry symbol.
 *
 * A plugin is a shared object exporting `wiretrace_capture_plugin` (WT_CAPTURE_ENTRY), a
 * function returning a static wt_capture_plugin table. The core loads it with dlopen, checks
 * that abi_major equals its own WT_CAPTURE_ABI_MAJOR (an exact match), and only uses the
 * fields that fit in the table's struct_size: later minor versions only append fields.
 *
 * Ownership: every error buffer is the caller's (the plugin writes a NUL-terminated message of
 * at most errlen bytes); handles are opaque and owned by the plugin until close(). A handle is
 * used by one thread at a time; the core posts filter changes to the capture thread instead of
 * calling into a handle from two threads.
 */
#ifndef WIRETRACE_CAPTURE_ABI_H
#define WIRETRACE_CAPTURE_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WT_CAPTURE_ABI_MAJOR 1
#define WT_CAPTURE_ABI_MINOR 2
#define WT_CAPTURE_ENTRY "wiretrace_capture_plugin"

typedef struct wt_capture_handle wt_capture_handle;

/* One packet, valid only during the callback. */
typedef struct wt_packet {
    uint32_t struct_size;
    uint32_t caplen;  /* bytes in data */
    uint32_t len;     /* bytes on the wire */
    uint32_t ts_nsec; /* nanoseconds, whatever the capture's precision */
    int64_t ts_sec;
    const uint8_t *data;
    /* 1.2 (check struct_size): WT_DIR_*, as far as the back end knows it */
    uint32_t direction;
} wt_packet;

/* A packet's direction; the values are pcapng's epb_flags bits. */
enum { WT_DIR_UNKNOWN = 0, WT_DIR_IN = 1, WT_DIR_OUT = 2 };

typedef void (*wt_packet_cb)(void *user, const wt_packet *packet);

typedef struct wt_live_options {
    uint32_t struct_size;
    const char *device; /* "any", "lo", ... */
    int32_t snaplen;    /* 0: the maximum */
    int32_t promisc;
    int32_t buffer_size; /* bytes, 0: the back end's default */
    int32_t immediate;
    int32_t nano;     /* nanosecond timestamps if the back end can */
    int32_t netns_fd; /* capture in this network namespace (-1: the caller's) */
    /* 1.2 (the plugin checks struct_size) */
    int32_t direction; /* tcpdump's -Q: 0 both, WT_DIR_IN, WT_DIR_OUT */
    int32_t linktype;  /* a DLT_* to ask for (tcpdump asks LINUX_SLL2 on "any"), 0: the default */
} wt_live_options;

typedef struct wt_capture_stats {
    uint32_t struct_size;
    uint64_t received;
    uint64_t dropped;
    uint64_t if_dropped;
} wt_capture_stats;

/* dump_filter levels: tcpdump's -d, -dd, -ddd */
enum { WT_DUMP_TEXT = 1, WT_DUMP_C = 2, WT_DUMP_DECIMAL = 3 };

typedef struct wt_capture_plugin {
    uint32_t abi_major;
    uint32_t abi_minor;
    uint32_t struct_size; /* sizeof(wt_capture_plugin) as the plugin was built */
    const char *name;     /* "libpcap 1.10.3" */

    wt_capture_handle *(*open_live)(const wt_live_options *options, char *err, size_t errlen);
    wt_capture_handle *(*open_offline)(const char *path, int nano, char *err, size_t errlen);
    /* The handle's DLT_* link type, and its snapshot length. */
    int (*linktype)(wt_capture_handle *h);
    int (*snaplen)(wt_capture_handle *h);
    /* 0, or -1 with the back end's message in err. */
    int (*set_filter)(wt_capture_handle *h, const char *expression, char *err, size_t errlen);
    /* Compiles `expression` for `linktype` and writes tcpdump's -d/-dd/-ddd text to out (up
     * to outlen bytes, NUL-terminated). Returns the text's length, or -1 with err set (also
     * when out is too small). */
    int (*dump_filter)(int linktype, int snaplen, const char *expression, int level, char *out, size_t outlen,
                       char *err, size_t errlen);
    /* Delivers up to max packets (max <= 0: all that are ready), waiting at most timeout_ms
     * for the first one. Returns the number delivered, 0 on timeout, -2 at the end of a file,
     * -1 with err set on an error (a truncated or corrupt file included). */
    int (*dispatch)(wt_capture_handle *h, int max, int timeout_ms, wt_packet_cb cb, void *user, char *err,
                    size_t errlen);
    int (*stats)(wt_capture_handle *h, wt_capture_stats *stats, char *err, size_t errlen);
    void (*close)(wt_capture_handle *h);

    /* 1.1: makes a dispatch in progress return as soon as possible. Safe to call from a
     * signal handler (this is how Ctrl-C ends a capture). */
    void (*breakloop)(wt_capture_handle *h);

    /* 1.2: the devices a live capture can open, one per line: "name<TAB>description<TAB>flags"
     * (flags as tcpdump -D words: "Up, Running, Loopback"; empty fields when there is none).
     * Returns the text's length, or -1 with err set (also when out is too small). */
    int (*list_devices)(char *out, size_t outlen, char *err, size_t errlen);
} wt_capture_plugin;

/* Whether a table, packet or options struct of size struct_size has `member` (C++ and C). */
#define WT_HAS_FIELD(ptr, type, member) ((ptr)->struct_size >= offsetof(type, member) + sizeof(((type *)0)->member))

typedef const wt_capture_plugin *(*wt_capture_entry_fn)(void);

#ifdef __cplusplus
}
#endif

#endif
