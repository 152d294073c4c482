// --json: the trace as JSON Lines, one object per line (schema in the README, "v": 1). A small
// builder: each object is composed in a string with add(key, value) and written whole, so a
// reader never sees half an object. Strings are escaped as RFC 8259 asks (control bytes as
// \u00XX); bytes that are not UTF-8 pass through as the decoders printed them (escaped C
// strings, so ASCII).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "output/outbuf.h"

namespace wiretrace {

class JsonObject {
public:
    explicit JsonObject(std::string &buf, std::string_view type);  // {"v":1,"type":TYPE
    JsonObject &add(std::string_view key, std::string_view value);
    JsonObject &add(std::string_view key, const char *value) { return add(key, std::string_view(value)); }
    JsonObject &add(std::string_view key, int64_t value);
    JsonObject &add(std::string_view key, uint64_t value);
    JsonObject &add(std::string_view key, int value) { return add(key, static_cast<int64_t>(value)); }
    JsonObject &add(std::string_view key, bool value);
    JsonObject &add(std::string_view key, const std::vector<uint64_t> &values);
    // seconds since the epoch with nanoseconds, as a number: 1733065200.123456789
    JsonObject &time(std::string_view key, int64_t sec, int64_t nsec);
    // a value already in JSON (an array of objects built by the caller)
    JsonObject &raw(std::string_view key, std::string_view json);
    // Closes the object and appends it, with its newline, to `out`.
    void write(OutBuf &out);

private:
    void key(std::string_view k);
    std::string &b_;
};

void json_string(std::string &out, std::string_view s);

}  // namespace wiretrace
