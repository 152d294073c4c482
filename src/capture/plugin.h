// Loads a capture plugin (include/wiretrace/capture_abi.h) with dlopen and checks its ABI.
// The core never links a capture library; everything about packets sources goes through here.
#pragma once

#include <memory>
#include <string>

#include "wiretrace/capture_abi.h"

namespace wiretrace {

class CapturePlugin {
public:
    // Loads `path`, or when it is empty the libpcap plugin installed beside the executable
    // (<exe dir>/plugins/, then <exe dir>/../lib/wiretrace/plugins/) - never from the current
    // directory or the library search path. Throws FatalError with a one-line reason: the file
    // is missing, it is not a plugin, its ABI major differs (both versions named), its table is
    // too short.
    static std::unique_ptr<CapturePlugin> load(const std::string &path);
    static std::string default_path();

    ~CapturePlugin();
    CapturePlugin(const CapturePlugin &) = delete;
    CapturePlugin &operator=(const CapturePlugin &) = delete;

    const wt_capture_plugin &api() const { return *api_; }
    const std::string &path() const { return path_; }

private:
    CapturePlugin() = default;
    void *dl_ = nullptr;
    const wt_capture_plugin *api_ = nullptr;
    std::string path_;
};

}  // namespace wiretrace
