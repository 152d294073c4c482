#include "output/json_lines.h"

#include <cinttypes>
#include <cstdio>

namespace wiretrace {

void json_string(std::string &out, std::string_view s) {
    out += '"';
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (c < 0x20 || c == 0x7f) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += ch;
                }
        }
    }
    out += '"';
}

JsonObject::JsonObject(std::string &buf, std::string_view type) : b_(buf) {
    b_.clear();
    b_ += "{\"v\":1,\"type\":";
    json_string(b_, type);
}

void JsonObject::key(std::string_view k) {
    b_ += ',';
    json_string(b_, k);
    b_ += ':';
}

JsonObject &JsonObject::add(std::string_view k, std::string_view value) {
    key(k);
    json_string(b_, value);
    return *this;
}

JsonObject &JsonObject::add(std::string_view k, int64_t value) {
    key(k);
    b_ += std::to_string(value);
    return *this;
}

JsonObject &JsonObject::add(std::string_view k, uint64_t value) {
    key(k);
    b_ += std::to_string(value);
    return *this;
}

JsonObject &JsonObject::add(std::string_view k, bool value) {
    key(k);
    b_ += value ? "true" : "false";
    return *this;
}

JsonObject &JsonObject::add(std::string_view k, const std::vector<uint64_t> &values) {
    key(k);
    b_ += '[';
    for (size_t i = 0; i < values.size(); i++) {
        if (i) b_ += ',';
        b_ += std::to_string(values[i]);
    }
    b_ += ']';
    return *this;
}

JsonObject &JsonObject::time(std::string_view k, int64_t sec, int64_t nsec) {
    key(k);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%" PRId64 ".%09" PRId64, sec, nsec);
    b_ += buf;
    return *this;
}

JsonObject &JsonObject::raw(std::string_view k, std::string_view json) {
    key(k);
    b_ += json;
    return *this;
}

void JsonObject::write(OutBuf &out) {
    b_ += "}\n";
    out.append(b_);
    out.end_line();
}

}  // namespace wiretrace
