// The tracer's output: the trace's destination (stderr, -o FILE, -o '|CMD', -ff's files),
// its flushing and its errors (said once), wiretrace's own messages, and the event lines and
// JSON records that are not a syscall's line.
#include "tracer/tracer.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>

#include "common.h"
#include "output/json_lines.h"

namespace wiretrace {

void Tracer::open_output() {
    const std::string &name = opt_.output_file;
    if (name.empty() && opt_.top) {  // --top owns the terminal: the trace goes only to -o FILE
        int fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
        if (fd < 0) throw FatalError(std::string("/dev/null: ") + strerror(errno));
        out_.open(fd, true, false);
        trace_to_stderr_ = false;
        return;
    }
    if (name.empty()) {
        out_.open(STDERR_FILENO, false, isatty(STDERR_FILENO));
        trace_to_stderr_ = true;
        return;
    }
    trace_to_stderr_ = false;
    if (name[0] == '|' || name[0] == '!') {
        // -o '|cmd': the trace is piped to a shell command, as popen would.
        int fds[2];
        if (pipe2(fds, O_CLOEXEC) < 0) throw FatalError(std::string("pipe: ") + strerror(errno));
        pid_t pid = fork();
        if (pid < 0) throw FatalError(std::string("fork: ") + strerror(errno));
        if (pid == 0) {
            dup2(fds[0], STDIN_FILENO);
            execl("/bin/sh", "sh", "-c", name.c_str() + 1, static_cast<char *>(nullptr));
            _exit(127);
        }
        ::close(fds[0]);
        pipe_child_ = pid;
        out_.open(fds[1], true, false);
        return;
    }
    if (per_task_files_) {                              // FILE.TID, opened per task
        if (name.size() >= PATH_MAX - sizeof(int) * 3)  // (no room for ".TID": strace's check and words)
            throw FatalError(name + ": " + strerror(ENAMETOOLONG));
        if (!opt_.capture.enabled) return;
        // packets belong to no task: with -ff they get a file of their own
        int fd = ::open((name + ".packets").c_str(),
                        O_WRONLY | O_CREAT | O_CLOEXEC | (opt_.append ? O_APPEND : O_TRUNC), 0666);
        if (fd < 0) throw FatalError("Can't fopen '" + name + ".packets': " + strerror(errno));
        out_.open(fd, true, false);
        return;
    }
    int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (opt_.append ? O_APPEND : O_TRUNC);
    int fd = ::open(name.c_str(), flags, 0666);
    if (fd < 0) throw FatalError("Can't fopen '" + name + "': " + strerror(errno));
    out_.open(fd, true, isatty(fd));
}

void Tracer::close_output() {
    out_.close();
    if (pipe_child_ > 0) {
        // Let the reader finish: it has our whole trace once it sees end of file.
        int status;
        while (waitpid(pipe_child_, &status, 0) < 0 && errno == EINTR) {
        }
        pipe_child_ = 0;
    }
}

void Tracer::flush_all() {
    out_.flush();
    if (per_task_files_)
        for (auto &kv : tracees_)
            if (kv.second->own_output) kv.second->own_output->out.flush();
    report_output_errors();
}

// strace says when its output fails; so do we, once (the command is not disturbed: its exit
// status stays wiretrace's).
void Tracer::report_output_errors() {
    if (output_error_said_ || trace_to_stderr_) return;
    int e = out_.error();
    if (per_task_files_)
        for (auto &kv : tracees_)
            if (!e && kv.second->own_output) e = kv.second->own_output->out.error();
    if (!e) return;
    output_error_said_ = true;
    std::string line =
        "wiretrace: " + opt_.output_file + ": write error: " + strerror(e) + "; the trace is incomplete\n";
    (void)!::write(STDERR_FILENO, line.data(), line.size());
}

void Tracer::message(const std::string &text) {
    if (top_ && top_->interactive()) {  // said once the screen is gone
        deferred_.push_back("wiretrace: " + text + "\n");
        return;
    }
    printer_.close_open_line();
    if (trace_to_stderr_) out_.flush();
    std::string line = "wiretrace: " + text + "\n";
    (void)!::write(STDERR_FILENO, line.data(), line.size());
}

void Tracer::event_line(Tracee &t, const std::string &text, const Stamp &now) {
    if (!opt_.json) return printer_.event_line(t.line, text, now);
    timespec wall;
    clock_gettime(CLOCK_REALTIME, &wall);
    JsonObject o(json_buf_, "event");
    o.time("time", wall.tv_sec, wall.tv_nsec).add("pid", t.tgid).add("tid", t.tid()).add("text", text).write(out_);
}

// One finished call (or one that never returned: "result": "?") as a JSON "syscall" object.
void Tracer::json_syscall(Tracee &t, std::string_view name, std::string_view exit_text, std::string_view result,
                          int64_t ret, bool returned) {
    // -e status=, -z, -Z choose the records as they choose the lines
    unsigned status = !returned ? kStatusUnfinished : (ret < 0 && ret >= -4095) ? kStatusFailed : kStatusSuccessful;
    if (!(opt_.print.status & status)) return;
    timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    timespec d = timespec_sub(now, t.json_time);
    std::string args = t.json_args;
    args += exit_text;
    JsonObject o(json_buf_, "syscall");
    o.add("seq", t.seq).time("time", t.json_time.tv_sec, t.json_time.tv_nsec).add("pid", t.tgid).add("tid", t.tid());
    o.add("name", name).add("args", args).add("result", result);
    if (returned) o.add("ret", ret);
    o.time("duration", d.tv_sec, d.tv_nsec).write(out_);
}

}  // namespace wiretrace
