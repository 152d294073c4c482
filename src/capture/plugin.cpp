#include "capture/plugin.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstddef>

#include "common.h"

namespace wiretrace {

namespace {
constexpr const char *k_default_name = "wiretrace-capture-pcap.so";

std::string exe_dir() {
    char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) return "";
    std::string p(buf, static_cast<size_t>(n));
    return p.substr(0, p.rfind('/'));
}

// A plugin runs with wiretrace's privileges (its constructor runs at dlopen, before any
// check of its table): the file and its directory must be the user's or root's and writable
// by no one else, and a set-id or file-capability binary loads only the installed plugin.
void check_trust(const std::string &path, const std::string &installed) {
    struct stat st;
    if (stat(path.c_str(), &st) != 0) return;  // dlopen says what is missing
    auto owner_ok = [](uid_t u) { return u == 0 || u == getuid() || u == geteuid(); };
    if (!owner_ok(st.st_uid) || (st.st_mode & (S_IWGRP | S_IWOTH)))
        throw FatalError("refusing capture plugin '" + path + "': " +
                         (owner_ok(st.st_uid)
                              ? "it is writable by group or others"
                              : "it belongs to uid " + std::to_string(st.st_uid) + ", neither root nor you"));
    std::string dir = path.substr(0, path.rfind('/'));
    if (dir.empty()) dir = "/";
    if (stat(dir.c_str(), &st) == 0 &&
        (!owner_ok(st.st_uid) || ((st.st_mode & (S_IWGRP | S_IWOTH)) && !(st.st_mode & S_ISVTX))))
        throw FatalError("refusing capture plugin '" + path + "': its directory " + dir + " can be changed by others");
    if (getauxval(AT_SECURE)) {
        char real[PATH_MAX];
        std::string mine = realpath(installed.c_str(), real) ? std::string(real) : installed;
        if (path != mine)
            throw FatalError("refusing capture plugin '" + path +
                             "': running with raised privileges, only the installed plugin (" + mine + ") is loaded");
    }
}
}  // namespace

std::string CapturePlugin::default_path() {
    std::string dir = exe_dir();
    for (const std::string &cand :
         {dir + "/plugins/" + k_default_name, dir + "/../lib/wiretrace/plugins/" + k_default_name})
        if (access(cand.c_str(), R_OK) == 0) return cand;
    return dir + "/plugins/" + k_default_name;
}

std::unique_ptr<CapturePlugin> CapturePlugin::load(const std::string &given) {
    std::string path = given.empty() ? default_path() : given;
    // dlopen searches the library path for a bare name: a plugin is always a path
    if (path.find('/') == std::string::npos) path = "./" + path;
    char real[PATH_MAX];
    if (realpath(path.c_str(), real)) path = real;
    check_trust(path, default_path());
    std::unique_ptr<CapturePlugin> p(new CapturePlugin);
    p->path_ = path;
    p->dl_ = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!p->dl_) {
        const char *e = dlerror();
        throw FatalError("cannot load capture plugin '" + path + "': " + (e ? e : "unknown error"));
    }
    auto entry = reinterpret_cast<wt_capture_entry_fn>(dlsym(p->dl_, WT_CAPTURE_ENTRY));
    if (!entry) throw FatalError("'" + path + "' is not a wiretrace capture plugin (no " WT_CAPTURE_ENTRY " symbol)");
    const wt_capture_plugin *api = entry();
    if (!api) throw FatalError("capture plugin '" + path + "' returned no function table");
    if (api->abi_major != WT_CAPTURE_ABI_MAJOR)
        throw FatalError("capture plugin '" + path + "' has ABI " + std::to_string(api->abi_major) + "." +
                         std::to_string(api->abi_minor) + "; this wiretrace needs ABI " +
                         std::to_string(WT_CAPTURE_ABI_MAJOR) + ".x");
    // minor 0's table ends with close(): everything up to it must be there
    if (api->struct_size < offsetof(wt_capture_plugin, close) + sizeof(api->close))
        throw FatalError("capture plugin '" + path + "' has a truncated function table (" +
                         std::to_string(api->struct_size) + " bytes)");
    p->api_ = api;
    return p;
}

CapturePlugin::~CapturePlugin() {
    if (dl_) dlclose(dl_);
}

}  // namespace wiretrace
