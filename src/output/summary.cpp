#include "output/summary.h"

#include <algorithm>
#include <cstdio>
#include <numeric>

#include "syscalls/syscall_table.h"

namespace wiretrace {

void Summary::add(pid_t pid, long nr, int64_t ns, bool failed) {
    if (nr < 0 || static_cast<size_t>(nr) >= nrows_) return;
    if (!last_ || last_pid_ != pid) {
        auto &rows = by_pid_[pid];
        if (rows.empty()) rows.resize(nrows_);
        last_ = &rows;
        last_pid_ = pid;
    }
    SyscallCount &c = (*last_)[static_cast<size_t>(nr)];
    c.calls++;
    c.errors += failed;
    if (ns < 0) ns = 0;
    c.ns += ns;
    c.min_ns = std::min(c.min_ns, ns);
    c.max_ns = std::max(c.max_ns, ns);
}

std::string Summary::table(const std::vector<SyscallCount> &rows, SummarySort sort,
                           const std::vector<SummaryColumn> &columns) {
    std::vector<size_t> order;
    uint64_t calls = 0, errors = 0;
    int64_t ns = 0;
    for (size_t nr = 0; nr < rows.size(); nr++) {
        if (!rows[nr].calls) continue;
        order.push_back(nr);
        calls += rows[nr].calls;
        errors += rows[nr].errors;
        ns += rows[nr].ns;
    }
    auto name_of = [](size_t nr) -> std::string {
        if (const SyscallInfo *s = syscall_by_nr(static_cast<long>(nr))) return std::string(s->name);
        char buf[32];
        std::snprintf(buf, sizeof buf, "syscall_%#zx", nr);
        return buf;
    };
    auto avg = [&](size_t nr) { return rows[nr].ns / static_cast<int64_t>(rows[nr].calls); };
    // strace sorts in place with ties left in syscall-number order
    auto by = [&](auto key) {
        std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return key(a) > key(b); });
    };
    switch (sort) {
        case SummarySort::Time:
            by([&](size_t n) { return rows[n].ns; });
            break;
        case SummarySort::MinTime:
            by([&](size_t n) { return rows[n].min_ns; });
            break;
        case SummarySort::MaxTime:
            by([&](size_t n) { return rows[n].max_ns; });
            break;
        case SummarySort::AvgTime:
            by(avg);
            break;
        case SummarySort::Calls:
            by([&](size_t n) { return rows[n].calls; });
            break;
        case SummarySort::Errors:
            by([&](size_t n) { return rows[n].errors; });
            break;
        case SummarySort::Name:
            std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return name_of(a) < name_of(b); });
            break;
        case SummarySort::Nothing:
            break;
    }
    // strace's columns: header, width, and how a value is printed
    struct Cell {
        int64_t ns;
        uint64_t per_call_us, calls, errors;
        double pct;
        int64_t min_ns, max_ns;
        const std::string *name;
    };
    auto header = [](SummaryColumn c) -> std::pair<const char *, int> {
        switch (c) {
            case SummaryColumn::TimePercent:
                return {"% time", 6};
            case SummaryColumn::TotalTime:
                return {"seconds", 11};
            case SummaryColumn::MinTime:
                return {"shortest", 8};
            case SummaryColumn::MaxTime:
                return {"longest", 8};
            case SummaryColumn::AvgTime:
                return {"usecs/call", 11};
            case SummaryColumn::Calls:
                return {"calls", 9};
            case SummaryColumn::Errors:
                return {"errors", 9};
            case SummaryColumn::Name:
                return {"syscall", 16};
        }
        return {"", 0};
    };
    auto seconds = [](char *buf, size_t n, int width, int64_t t) {
        std::snprintf(buf, n, "%*lld.%06lld", width - 7, static_cast<long long>(t / 1000000000),
                      static_cast<long long>(t % 1000000000 / 1000));
    };
    std::string out;
    char buf[64];
    for (size_t i = 0; i < columns.size(); i++) {
        auto [h, w] = header(columns[i]);
        bool last = i + 1 == columns.size();
        if (i) out += ' ';
        if (columns[i] != SummaryColumn::Name)
            std::snprintf(buf, sizeof buf, "%*.*s", w, w, h);
        else if (last)
            std::snprintf(buf, sizeof buf, "%s", h);
        else
            std::snprintf(buf, sizeof buf, "%-*s", w, h);
        out += buf;
    }
    out += '\n';
    std::string rule;
    for (size_t i = 0; i < columns.size(); i++) {
        if (i) rule += ' ';
        rule.append(static_cast<size_t>(header(columns[i]).second), '-');
    }
    rule += '\n';
    out += rule;
    auto row = [&](const Cell &c) {
        for (size_t i = 0; i < columns.size(); i++) {
            bool last = i + 1 == columns.size();
            if (i) out += ' ';
            switch (columns[i]) {
                case SummaryColumn::TimePercent:
                    std::snprintf(buf, sizeof buf, "%6.2f", c.pct);
                    break;
                case SummaryColumn::TotalTime:
                    seconds(buf, sizeof buf, 11, c.ns);
                    break;
                case SummaryColumn::MinTime:
                    seconds(buf, sizeof buf, 8, c.min_ns);
                    break;
                case SummaryColumn::MaxTime:
                    seconds(buf, sizeof buf, 8, c.max_ns);
                    break;
                case SummaryColumn::AvgTime:
                    std::snprintf(buf, sizeof buf, "%11llu", static_cast<unsigned long long>(c.per_call_us));
                    break;
                case SummaryColumn::Calls:
                    std::snprintf(buf, sizeof buf, "%9llu", static_cast<unsigned long long>(c.calls));
                    break;
                case SummaryColumn::Errors:
                    std::snprintf(buf, sizeof buf, "%9.llu", static_cast<unsigned long long>(c.errors));
                    break;
                case SummaryColumn::Name:
                    std::snprintf(buf, sizeof buf, last ? "%s" : "%-16s", c.name->c_str());
                    break;
            }
            out += buf;
        }
        out += '\n';
    };
    int64_t min_all = INT64_MAX, max_all = 0;
    for (size_t nr : order) {
        const SyscallCount &c = rows[nr];
        double pct = ns ? 100.0 * static_cast<double>(c.ns) / static_cast<double>(ns) : 0.0;
        std::string name = name_of(nr);
        row({c.ns, static_cast<uint64_t>(c.ns / 1000) / c.calls, c.calls, c.errors, pct, c.min_ns, c.max_ns, &name});
        min_all = std::min(min_all, c.min_ns);
        max_all = std::max(max_all, c.max_ns);
    }
    out += rule;
    std::string total = "total";
    row({ns, calls ? static_cast<uint64_t>(ns / 1000) / calls : 0, calls, errors, 100.0,
         min_all == INT64_MAX ? 0 : min_all, max_all, &total});
    return out;
}

std::vector<SummaryColumn> default_summary_columns() {
    return {SummaryColumn::TimePercent, SummaryColumn::TotalTime, SummaryColumn::AvgTime,
            SummaryColumn::Calls,       SummaryColumn::Errors,    SummaryColumn::Name};
}

void Summary::print(OutBuf &out, SummarySort sort, const std::vector<SummaryColumn> &columns) const {
    bool per_pid = by_pid_.size() > 1 || (by_pid_.size() == 1 && by_pid_.begin()->first != 0);
    if (by_pid_.empty()) {
        out.append(table(std::vector<SyscallCount>(nrows_), sort, columns));
        return;
    }
    bool first = true;
    for (const auto &[pid, rows] : by_pid_) {
        if (per_pid) {
            char head[64];
            std::snprintf(head, sizeof head, "%sprocess %d\n", first ? "" : "\n", pid);
            out.append(head);
        }
        first = false;
        out.append(table(rows, sort, columns));
    }
}

void SummaryCounter::on_exit(const SyscallEvent &ev) {
    auto it = started_.find(ev.tid);
    if (it == started_.end() || it->second < 0) return;
    // -O: the tracer's own share of each call, taken off (never below zero), as strace
    int64_t spent = std::max<int64_t>(0, ev.count_ns - it->second - overhead_ns_);
    summary_.add(per_pid_ ? ev.pid : 0, ev.nr, spent, ev.ret < 0 && ev.ret >= -4095);
    it->second = -1;
}

}  // namespace wiretrace
