// --top's screen: three views of a TopModel - connections (iftop, iptraf's IP traffic
// monitor), processes (nethogs) and interfaces (sar -n DEV,EDEV, netstat -i) - drawn with
// ncurses in a thread of its own when stdout is a terminal, printed as plain text blocks
// (like `top -b`) when it is not. The owner hands it a new model every second; keys are read
// and the screen redrawn in its thread, so sorting or switching views never waits for the
// trace.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "views/traffic.h"

namespace wiretrace {

enum class TopView { Connections, Processes, Interfaces };
enum class TopSort { Rate2, Rate10, Rate40, Total, Warnings };

struct TopViewState {
    TopView view = TopView::Connections;
    TopSort sort = TopSort::Rate10;
    std::string filter;  // rows whose text contains it (case-sensitive, as iftop's 'l')
    bool paused = false;
    bool help = false;
    bool wiretrace = true;  // false: wiredump (no processes, no pid/fd columns)
};

struct ScreenLine {
    enum Attr { Normal, Header, Title, Trouble, Faded };
    std::string text;
    Attr attr = Normal;
};

// One view of the model, sorted and filtered as `st` says, for a screen `width` wide.
void render_view(const TopModel &m, const TopViewState &st, int width, std::vector<ScreenLine> &out);
// The title line and the view; with st.help the keys instead.
void render_screen(const TopModel &m, const TopViewState &st, int width, std::vector<ScreenLine> &out);
// The keys, as `h` shows them (also in -h's text).
extern const char *const kTopKeys;

class TopScreen {
public:
    // `quit` is called from the screen's thread when the user asks to leave (q): the owner
    // then stops as on Ctrl-C. Interactive when stdout and stdin are terminals.
    TopScreen(bool wiretrace, std::function<void()> quit);
    ~TopScreen();  // the terminal as it was found
    TopScreen(const TopScreen &) = delete;
    TopScreen &operator=(const TopScreen &) = delete;

    bool interactive() const { return interactive_; }
    void show(std::shared_ptr<const TopModel> m);
    // The end: the last model; in a terminal the screen stays until q is pressed (so a
    // short command's numbers can be read) or `interrupted` says so (Ctrl-C), then the
    // terminal is restored and the last connections and processes are printed as text.
    void finish(std::shared_ptr<const TopModel> m, const std::function<bool()> &interrupted);
    // Leaves the screen now (Ctrl-C, an error): the terminal is restored.
    void close();

private:
    void run();
    void draw(const TopModel &m);
    bool key(int ch);  // false: leave

    bool interactive_ = false;
    std::function<void()> quit_;
    std::thread thread_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::shared_ptr<const TopModel> model_;  // guarded by mu_
    bool dirty_ = false, ended_ = false;     // guarded by mu_
    std::atomic<bool> stop_{false};
    std::atomic<bool> done_{false};  // the screen's thread has restored the terminal
    bool closed_ = false;
    TopViewState st_;             // the screen thread's
    bool typing_filter_ = false;  // after '/' or 'l', until Enter or Esc
    std::string filter_edit_;
    std::vector<ScreenLine> lines_;
    std::shared_ptr<const TopModel> shown_;  // the one on screen (paused: kept)
};

}  // namespace wiretrace
