#include "packet/capture_writer.h"

#include <errno.h>
#include <string.h>
#include <sys/utsname.h>

#include <ctime>
#include <vector>

#include "common.h"

namespace wiretrace {

namespace {
void add_option(std::vector<uint8_t> &b, uint16_t code, const void *data, size_t len) {
    uint8_t h[4];
    uint16_t l = static_cast<uint16_t>(len);
    memcpy(h, &code, 2);
    memcpy(h + 2, &l, 2);
    b.insert(b.end(), h, h + 4);
    b.insert(b.end(), static_cast<const uint8_t *>(data), static_cast<const uint8_t *>(data) + len);
    b.resize((b.size() + 3) & ~size_t{3}, 0);
}
void end_options(std::vector<uint8_t> &b) {
    b.insert(b.end(), 4, 0);
}
// A block: type, total length, body, total length again.
template <typename T>
void append(std::vector<uint8_t> &b, T v) {
    uint8_t bytes[sizeof v];
    memcpy(bytes, &v, sizeof v);
    b.insert(b.end(), bytes, bytes + sizeof v);
}
std::vector<uint8_t> block(uint32_t type, const std::vector<uint8_t> &body) {
    std::vector<uint8_t> b;
    uint32_t total = static_cast<uint32_t>(12 + body.size());
    append(b, type);
    append(b, total);
    b.insert(b.end(), body.begin(), body.end());
    append(b, total);
    return b;
}
}  // namespace

CaptureWriter::Format CaptureWriter::format_for(const std::string &path, bool force_pcap) {
    if (force_pcap) return Format::Pcap;
    return path.size() > 5 && path.compare(path.size() - 5, 5, ".pcap") == 0 ? Format::Pcap : Format::Pcapng;
}

CaptureWriter::CaptureWriter(const std::string &path, Format format, int linktype, int snaplen,
                             const std::string &ifname, const std::string &tool)
    : format_(format), path_(path) {
    f_ = path == "-" ? stdout : fopen(path.c_str(), "wb");
    if (!f_) throw FatalError(path + ": " + strerror(errno));
    if (format == Format::Pcap) {
        // classic pcap with nanosecond timestamps (tcpdump and tshark read them)
        struct {
            uint32_t magic;
            uint16_t major, minor;
            int32_t zone;
            uint32_t sigfigs, snaplen, linktype;
        } h{0xa1b23c4d, 2, 4, 0, 0, static_cast<uint32_t>(snaplen), static_cast<uint32_t>(linktype)};
        put(&h, sizeof h);
        return;
    }
    std::vector<uint8_t> shb;
    append<uint32_t>(shb, 0x1a2b3c4d);
    append<uint16_t>(shb, 1);
    append<uint16_t>(shb, 0);
    append<int64_t>(shb, -1);
    utsname u{};
    uname(&u);
    std::string os = std::string(u.sysname) + " " + u.release;
    add_option(shb, 3, os.data(), os.size());      // shb_os
    add_option(shb, 4, tool.data(), tool.size());  // shb_userappl
    end_options(shb);
    auto b = block(0x0a0d0d0a, shb);
    put(b.data(), b.size());
    std::vector<uint8_t> idb;
    append<uint16_t>(idb, static_cast<uint16_t>(linktype));
    append<uint16_t>(idb, 0);
    append<uint32_t>(idb, static_cast<uint32_t>(snaplen));
    if (!ifname.empty()) add_option(idb, 2, ifname.data(), ifname.size());  // if_name
    uint8_t tsresol = 9;                                                    // nanoseconds
    add_option(idb, 9, &tsresol, 1);
    end_options(idb);
    b = block(1, idb);
    put(b.data(), b.size());
}

CaptureWriter::~CaptureWriter() {
    if (f_ && f_ != stdout) fclose(f_);
}

void CaptureWriter::put(const void *p, size_t n) {
    if (fwrite(p, 1, n, f_) != n) throw FatalError(path_ + ": " + strerror(errno));
}

void CaptureWriter::write(int64_t sec, uint32_t nsec, const uint8_t *data, uint32_t caplen, uint32_t len, int direction,
                          const std::string &comment) {
    last_sec_ = sec;
    last_nsec_ = nsec;
    if (format_ == Format::Pcap) {
        uint32_t h[4] = {static_cast<uint32_t>(sec), nsec, caplen, len};
        put(h, sizeof h);
        put(data, caplen);
        return;
    }
    std::vector<uint8_t> epb;
    uint64_t ts = static_cast<uint64_t>(sec) * 1000000000ULL + nsec;
    append<uint32_t>(epb, 0);
    append<uint32_t>(epb, static_cast<uint32_t>(ts >> 32));
    append<uint32_t>(epb, static_cast<uint32_t>(ts));
    append<uint32_t>(epb, caplen);
    append<uint32_t>(epb, len);
    epb.insert(epb.end(), data, data + caplen);
    epb.resize((epb.size() + 3) & ~size_t{3}, 0);
    bool options = direction || !comment.empty();
    if (direction) {
        uint32_t flags = static_cast<uint32_t>(direction & 3);
        add_option(epb, 2, &flags, 4);  // epb_flags
    }
    if (!comment.empty()) add_option(epb, 1, comment.data(), comment.size());  // opt_comment
    if (options) end_options(epb);
    auto b = block(6, epb);
    put(b.data(), b.size());
}

void CaptureWriter::close(uint64_t received, uint64_t dropped) {
    if (!f_) return;
    if (format_ == Format::Pcapng) {
        std::vector<uint8_t> isb;
        uint64_t ts = static_cast<uint64_t>(last_sec_) * 1000000000ULL + last_nsec_;
        append<uint32_t>(isb, 0);
        append<uint32_t>(isb, static_cast<uint32_t>(ts >> 32));
        append<uint32_t>(isb, static_cast<uint32_t>(ts));
        add_option(isb, 4, &received, 8);  // isb_ifrecv
        add_option(isb, 5, &dropped, 8);   // isb_ifdrop
        end_options(isb);
        auto b = block(5, isb);
        put(b.data(), b.size());
    }
    if (fflush(f_) != 0) throw FatalError(path_ + ": " + strerror(errno));
    if (f_ != stdout) fclose(f_);
    f_ = nullptr;
}

}  // namespace wiretrace
