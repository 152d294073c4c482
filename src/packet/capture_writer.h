// Writes captured packets: pcapng (our own writer: libpcap cannot write it) or classic pcap.
// pcapng: a section header naming the tool and the OS, one interface block, enhanced packet
// blocks with nanosecond timestamps, direction flags and an optional comment, and an
// interface-statistics block with the drop counts when the file is closed.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

namespace wiretrace {

class CaptureWriter {
public:
    enum class Format { Pcapng, Pcap };
    // "x.pcap" is classic pcap, anything else pcapng, unless forced. Throws FatalError.
    static Format format_for(const std::string &path, bool force_pcap);

    CaptureWriter(const std::string &path, Format format, int linktype, int snaplen, const std::string &ifname,
                  const std::string &tool);
    ~CaptureWriter();
    CaptureWriter(const CaptureWriter &) = delete;
    CaptureWriter &operator=(const CaptureWriter &) = delete;

    // direction: 0 unknown, 1 inbound, 2 outbound (epb_flags)
    void write(int64_t sec, uint32_t nsec, const uint8_t *data, uint32_t caplen, uint32_t len, int direction = 0,
               const std::string &comment = {});
    // Ends the file (pcapng: the statistics block) and closes it.
    void close(uint64_t received, uint64_t dropped);

private:
    void put(const void *p, size_t n);
    FILE *f_ = nullptr;
    Format format_;
    std::string path_;
    int64_t last_sec_ = 0;
    uint32_t last_nsec_ = 0;
};

}  // namespace wiretrace
