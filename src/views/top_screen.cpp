#include "views/top_screen.h"

#include <curses.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <ctime>

namespace wiretrace {

const char *const kTopKeys =
    "c  connections (iftop)       p  processes (nethogs)      i  interfaces (sar -n DEV,EDEV)\n"
    "Tab  the next view\n"
    "1 2 3  sort by the 2 s, 10 s, 40 s rate (iftop's keys)   t  by total   w  by TCP warnings\n"
    "l or /  filter: show the rows that contain a text (Enter applies, Esc clears)\n"
    "P or space  pause the display (the counting goes on)\n"
    "h or ?  this help          q  quit (as Ctrl-C: detach, the command runs on)\n";

namespace {
std::string fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
std::string fmt(const char *f, ...) {
    char buf[512];
    va_list ap;
    va_start(ap, f);
    std::vsnprintf(buf, sizeof buf, f, ap);
    va_end(ap);
    return buf;
}

double by_sort(const Rates &o, const Rates &i, TopSort s) {
    switch (s) {
        case TopSort::Rate2:
            return o.r2 + i.r2;
        case TopSort::Rate10:
            return o.r10 + i.r10;
        case TopSort::Rate40:
            return o.r40 + i.r40;
        case TopSort::Total:
        case TopSort::Warnings:
            return static_cast<double>(o.total + i.total);
    }
    return 0;
}

const char *sort_name(TopSort s) {
    switch (s) {
        case TopSort::Rate2:
            return "2s";
        case TopSort::Rate10:
            return "10s";
        case TopSort::Rate40:
            return "40s";
        case TopSort::Total:
            return "total";
        case TopSort::Warnings:
            return "warnings";
    }
    return "";
}

std::string rates3(const Rates &r) {
    return fmt("%8s%8s%8s", iftop_rate(r.r2).c_str(), iftop_rate(r.r10).c_str(), iftop_rate(r.r40).c_str());
}

void connections(const TopModel &m, const TopViewState &st, std::vector<ScreenLine> &out) {
    std::vector<const TopConnection *> rows;
    for (const TopConnection &c : m.connections) rows.push_back(&c);
    std::stable_sort(rows.begin(), rows.end(), [&](const TopConnection *a, const TopConnection *b) {
        if (st.sort == TopSort::Warnings && a->warnings() != b->warnings()) return a->warnings() > b->warnings();
        return by_sort(a->out, a->in, st.sort) > by_sort(b->out, b->in, st.sort);
    });
    std::string who = st.wiretrace ? fmt("%-7s %-12s %4s ", "PID", "COMM", "FD") : "";
    out.push_back({who + fmt("%-5s %-24s    %-24s %-11s %8s%8s%8s %8s %8s %5s %6s %4s %4s", "PROTO", "LOCAL", "REMOTE",
                             "STATE", "2s", "10s", "40s", "TOTAL", "PEAK", "RETR", "DUPACK", "ZWIN", "LOST"),
                   ScreenLine::Header});
    for (const TopConnection *c : rows) {
        std::string id = st.wiretrace ? (c->pid ? fmt("%-7d %-12.12s %4d ", c->pid, c->comm.c_str(), c->fd)
                                                : fmt("%-7s %-12s %4s ", "-", "-", "-"))
                                      : "";
        std::string l1 = id + fmt("%-5s %-24s => %-24s %-11s %s %8s %8s %5u %6u %4u %4u", c->proto, c->local.c_str(),
                                  c->remote.c_str(), c->state, rates3(c->out).c_str(), byte_count(c->out.total).c_str(),
                                  iftop_rate(c->out.peak).c_str(), c->retrans, c->dup_acks, c->zero_windows, c->lost);
        std::string l2 = std::string(id.size(), ' ') + fmt("%-5s %-24s <= %-24s %-11s %s %8s %8s", "", "", "", "",
                                                           rates3(c->in).c_str(), byte_count(c->in.total).c_str(),
                                                           iftop_rate(c->in.peak).c_str());
        if (!st.filter.empty() && l1.find(st.filter) == std::string::npos) continue;
        bool done = std::string_view(c->state) == "CLOSED" || std::string_view(c->state) == "RESET";
        ScreenLine::Attr a = c->warnings() ? ScreenLine::Trouble : done ? ScreenLine::Faded : ScreenLine::Normal;
        out.push_back({l1, a});
        out.push_back({l2, a});
    }
    std::string pad = st.wiretrace ? std::string(26, ' ') : "";
    out.push_back({"", ScreenLine::Normal});
    out.push_back({fmt("%-*s%-5s %-24s => %-24s %-11s %s %8s %8s", static_cast<int>(pad.size()), "", "TOTAL", "sent",
                       "", "", rates3(m.out).c_str(), byte_count(m.out.total).c_str(), iftop_rate(m.out.peak).c_str()),
                   ScreenLine::Header});
    out.push_back({fmt("%-*s%-5s %-24s <= %-24s %-11s %s %8s %8s", static_cast<int>(pad.size()), "", "", "received", "",
                       "", rates3(m.in).c_str(), byte_count(m.in.total).c_str(), iftop_rate(m.in.peak).c_str()),
                   ScreenLine::Header});
}

void processes(const TopModel &m, const TopViewState &st, std::vector<ScreenLine> &out) {
    std::vector<const TopProcess *> rows;
    for (const TopProcess &p : m.processes) rows.push_back(&p);
    std::stable_sort(rows.begin(), rows.end(), [&](const TopProcess *a, const TopProcess *b) {
        double x = by_sort(a->out, a->in, st.sort), y = by_sort(b->out, b->in, st.sort);
        return x != y ? x > y : a->pid < b->pid;
    });
    out.push_back({fmt("%-7s %-16s %5s  %8s%8s%8s  %8s%8s%8s  %9s %9s  %s", "PID", "COMM", "CONNS", "SENT 2s", "10s",
                       "40s", "RECV 2s", "10s", "40s", "SENT", "RECEIVED", "STATE"),
                   ScreenLine::Header});
    for (const TopProcess *p : rows) {
        std::string l = fmt("%-7d %-16.16s %5d  %s  %s  %9s %9s  %s", p->pid, p->comm.c_str(), p->connections,
                            rates3(p->out).c_str(), rates3(p->in).c_str(), byte_count(p->out.total).c_str(),
                            byte_count(p->in.total).c_str(), p->exited ? "exited" : "running");
        if (!st.filter.empty() && l.find(st.filter) == std::string::npos) continue;
        out.push_back({l, p->exited ? ScreenLine::Faded : ScreenLine::Normal});
    }
}

void interfaces(const TopModel &m, const TopViewState &st, std::vector<ScreenLine> &out) {
    out.push_back({fmt("%-12s %9s %9s %9s %9s %9s %9s %9s %9s   %9s %7s %7s %9s %7s %7s", "IFACE", "rxpck/s", "txpck/s",
                       "rxkB/s", "txkB/s", "rxerr/s", "txerr/s", "rxdrop/s", "txdrop/s", "RX-OK", "RX-ERR", "RX-DRP",
                       "TX-OK", "TX-ERR", "TX-DRP"),
                   ScreenLine::Header});
    for (const TopIface &i : m.ifaces) {
        std::string l =
            fmt("%-12s %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f   %9llu %7llu %7llu %9llu %7llu %7llu",
                i.name.c_str(), i.rx_pps, i.tx_pps, i.rx_Bps / 1024, i.tx_Bps / 1024, i.rx_err, i.tx_err, i.rx_drop,
                i.tx_drop, static_cast<unsigned long long>(i.rx_packets), static_cast<unsigned long long>(i.rx_errs),
                static_cast<unsigned long long>(i.rx_drops), static_cast<unsigned long long>(i.tx_packets),
                static_cast<unsigned long long>(i.tx_errs), static_cast<unsigned long long>(i.tx_drops));
        if (!st.filter.empty() && l.find(st.filter) == std::string::npos) continue;
        bool trouble = i.rx_err > 0 || i.tx_err > 0 || i.rx_drop > 0 || i.tx_drop > 0;
        out.push_back({l, trouble ? ScreenLine::Trouble : ScreenLine::Normal});
    }
}
}  // namespace

void render_view(const TopModel &m, const TopViewState &st, int width, std::vector<ScreenLine> &out) {
    size_t first = out.size();
    switch (st.view) {
        case TopView::Connections:
            connections(m, st, out);
            break;
        case TopView::Processes:
            processes(m, st, out);
            break;
        case TopView::Interfaces:
            interfaces(m, st, out);
            break;
    }
    if (width > 0)
        for (size_t i = first; i < out.size(); i++)
            if (out[i].text.size() > static_cast<size_t>(width)) out[i].text.resize(static_cast<size_t>(width));
}

void render_screen(const TopModel &m, const TopViewState &st, int width, std::vector<ScreenLine> &out) {
    tm lt;
    localtime_r(&m.wall.tv_sec, &lt);
    const char *view = st.view == TopView::Connections ? "connections"
                       : st.view == TopView::Processes ? "processes"
                                                       : "interfaces";
    std::string title = fmt("%s  %02d:%02d:%02d  up %.0fs  view: %s  sort: %s", m.title.c_str(), lt.tm_hour, lt.tm_min,
                            lt.tm_sec, m.elapsed_s, view, sort_name(st.sort));
    if (!st.filter.empty()) title += "  filter: " + st.filter;
    if (st.paused) title += "  [paused]";
    if (m.ended) title += "  [ended: q leaves]";
    title += "  h: help";
    if (width > 0 && title.size() > static_cast<size_t>(width)) title.resize(static_cast<size_t>(width));
    out.push_back({title, ScreenLine::Title});
    if (st.help) {
        out.push_back({"Keys:", ScreenLine::Header});
        std::string_view k = kTopKeys;
        while (!k.empty()) {
            size_t eol = k.find('\n');
            out.push_back({std::string(k.substr(0, eol)), ScreenLine::Normal});
            k.remove_prefix(eol == std::string_view::npos ? k.size() : eol + 1);
        }
        out.push_back({"(any key goes back)", ScreenLine::Faded});
        return;
    }
    render_view(m, st, width, out);
}

TopScreen::TopScreen(bool wiretrace, std::function<void()> quit) : quit_(std::move(quit)) {
    st_.wiretrace = wiretrace;
    interactive_ = isatty(STDOUT_FILENO) && isatty(STDIN_FILENO);
    if (!interactive_) return;
    // The thread takes no signal but the window's size: SIGINT & co stay the owner's.
    sigset_t all, old;
    sigfillset(&all);
    sigdelset(&all, SIGWINCH);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    thread_ = std::thread([this] { run(); });
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
}

TopScreen::~TopScreen() {
    close();
}

void TopScreen::close() {
    if (closed_) return;
    closed_ = true;
    stop_ = true;
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void TopScreen::show(std::shared_ptr<const TopModel> m) {
    if (!interactive_) {
        // plain text: every view, one block per tick, as `top -b` prints its screens
        std::string text;
        TopViewState st = st_;
        for (TopView v : {TopView::Connections, TopView::Processes, TopView::Interfaces}) {
            if (v == TopView::Processes && !st.wiretrace) continue;
            st.view = v;
            lines_.clear();
            if (v == TopView::Connections)
                render_screen(*m, st, 0, lines_);
            else
                render_view(*m, st, 0, lines_);
            for (const ScreenLine &l : lines_) text += l.text + "\n";
            text += "\n";
        }
        fwrite(text.data(), 1, text.size(), stdout);
        fflush(stdout);
        return;
    }
    std::lock_guard<std::mutex> g(mu_);
    model_ = std::move(m);
    dirty_ = true;
    cv_.notify_all();
}

void TopScreen::finish(std::shared_ptr<const TopModel> m, const std::function<bool()> &interrupted) {
    auto last = std::make_shared<TopModel>(*m);
    last->ended = true;
    if (!interactive_) {
        show(last);
        return;
    }
    {
        std::lock_guard<std::mutex> g(mu_);
        model_ = last;
        dirty_ = true;
        ended_ = true;
    }
    cv_.notify_all();
    while (!done_) {  // until a key is pressed
        if (interrupted && interrupted()) stop_ = true;
        usleep(50000);
    }
    if (thread_.joinable()) thread_.join();
    closed_ = true;
    // what the screen showed stays readable in the terminal's scrollback
    std::string text;
    TopViewState st = st_;
    for (TopView v : {TopView::Connections, TopView::Processes}) {
        if (v == TopView::Processes && !st.wiretrace) continue;
        st.view = v;
        st.filter.clear();
        lines_.clear();
        render_view(*last, st, 0, lines_);
        for (const ScreenLine &l : lines_) text += l.text + "\n";
        text += "\n";
    }
    fwrite(text.data(), 1, text.size(), stdout);
    fflush(stdout);
}

void TopScreen::draw(const TopModel &m) {
    int h, w;
    getmaxyx(stdscr, h, w);
    lines_.clear();
    render_screen(m, st_, w, lines_);
    erase();
    for (int y = 0; y < h && y < static_cast<int>(lines_.size()); y++) {
        const ScreenLine &l = lines_[static_cast<size_t>(y)];
        attr_t a = l.attr == ScreenLine::Header    ? A_REVERSE
                   : l.attr == ScreenLine::Title   ? A_BOLD
                   : l.attr == ScreenLine::Trouble ? (has_colors() ? COLOR_PAIR(1) | A_BOLD : A_BOLD)
                   : l.attr == ScreenLine::Faded   ? A_DIM
                                                   : A_NORMAL;
        attrset(a);
        mvaddnstr(y, 0, l.text.c_str(), w);
        attrset(A_NORMAL);
    }
    if (typing_filter_) {
        attrset(A_BOLD);
        mvaddnstr(h - 1, 0, ("filter: " + filter_edit_).c_str(), w);
        attrset(A_NORMAL);
    }
    refresh();
}

bool TopScreen::key(int ch) {
    if (typing_filter_) {
        if (ch == '\n' || ch == KEY_ENTER || ch == '\r') {
            st_.filter = filter_edit_;
            typing_filter_ = false;
        } else if (ch == 27) {  // Esc: no filter
            st_.filter.clear();
            typing_filter_ = false;
        } else if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
            if (!filter_edit_.empty()) filter_edit_.pop_back();
        } else if (ch >= 32 && ch < 127) {
            filter_edit_ += static_cast<char>(ch);
        }
        return true;
    }
    if (st_.help && ch != KEY_RESIZE) {
        st_.help = false;
        return true;
    }
    switch (ch) {
        case 'q':
        case 'Q':
            return false;
        case 'c':
            st_.view = TopView::Connections;
            break;
        case 'p':
            if (st_.wiretrace) st_.view = TopView::Processes;
            break;
        case 'i':
            st_.view = TopView::Interfaces;
            break;
        case '\t':
            st_.view = st_.view == TopView::Connections ? (st_.wiretrace ? TopView::Processes : TopView::Interfaces)
                       : st_.view == TopView::Processes ? TopView::Interfaces
                                                        : TopView::Connections;
            break;
        case '1':
            st_.sort = TopSort::Rate2;
            break;
        case '2':
            st_.sort = TopSort::Rate10;
            break;
        case '3':
            st_.sort = TopSort::Rate40;
            break;
        case 't':
        case 'T':
            st_.sort = TopSort::Total;
            break;
        case 'w':
        case 'W':
            st_.sort = TopSort::Warnings;
            break;
        case 'l':
        case '/':
            typing_filter_ = true;
            filter_edit_ = st_.filter;
            break;
        case 'P':
        case ' ':
            st_.paused = !st_.paused;
            break;
        case 'h':
        case '?':
            st_.help = true;
            break;
        default:
            break;
    }
    return true;
}

void TopScreen::run() {
    // the screen on the terminal's stdout and stdin
    SCREEN *scr = newterm(nullptr, stdout, stdin);
    if (!scr) {
        done_ = true;
        return;
    }
    set_term(scr);
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    curs_set(0);
    set_escdelay(25);
    if (has_colors()) {
        start_color();
        use_default_colors();
        init_pair(1, COLOR_RED, -1);
    }
    bool leave = false, ended = false;
    while (!stop_ && !leave) {
        pollfd pfd{STDIN_FILENO, POLLIN, 0};
        poll(&pfd, 1, 100);
        bool redraw = false;
        for (int ch; (ch = getch()) != ERR;) {
            if (ch == KEY_RESIZE) {
                redraw = true;
                continue;
            }
            if (!key(ch)) {
                leave = true;
                if (!ended) quit_();
                break;
            }
            redraw = true;
        }
        {
            std::lock_guard<std::mutex> g(mu_);
            ended = ended_;
            if (dirty_ && (!st_.paused || ended_ || !shown_)) {
                shown_ = model_;
                redraw = true;
            }
            dirty_ = false;
        }
        if (redraw && shown_) draw(*shown_);
    }
    endwin();
    delscreen(scr);
    done_ = true;
}

}  // namespace wiretrace
