// libFuzzer target over the packet parser and printer: the first byte picks the link type and
// the printer's options, the rest is the packet. Run by scripts/fuzz (clang, ASan, UBSan).
#include <cstddef>
#include <cstdint>
#include <string>

#include "analysis/tcp_analysis.h"
#include "packet/tcpdump_printer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 2) return 0;
    static const int linktypes[] = {1, 113, 276, 101, 0};
    uint8_t sel = data[0];
    wiretrace::TcpdumpOptions opt;
    opt.verbose = sel & 0x08;
    opt.link_header = sel & 0x10;
    opt.hex = (sel >> 5) & 3;
    opt.absolute_seq = sel & 0x80;
    // one printer per input would hide bugs in the state kept across packets: keep one, and
    // feed it the input as two packets sharing a connection table
    static wiretrace::TcpdumpPrinter printer_plain(wiretrace::TcpdumpOptions{});
    wiretrace::TcpdumpPrinter printer(opt);
    std::string out;
    const uint8_t *p = data + 1;
    uint32_t n = static_cast<uint32_t>(size - 1);
    int lt = linktypes[sel % 5];
    printer.print(out, lt, {0, 0}, p, n, n + (sel & 0x40 ? 100 : 0));
    printer_plain.print(out, lt, {0, 0}, p, n, n);
    if (n > 8) printer_plain.print(out, lt, {0, 0}, p + 8, n - 8, n);
    // the TCP analysis keeps state across packets too (conversations, fragments)
    static wiretrace::TcpAnalyzer analyzer;
    analyzer.set_explain(sel & 1);
    auto a = analyzer.analyze(lt, {static_cast<int64_t>(sel), 0}, p, n, n + (sel & 0x40 ? 100 : 0));
    wiretrace::TcpAnalyzer::annotate(out, 0, a, true, true);
    wiretrace::TcpAnalyzer::csv_row(out, a);
    analyzer.take_hints();
    return 0;
}
