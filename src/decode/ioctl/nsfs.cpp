// Namespace descriptors (linux/nsfs.h): NS_GET_USERNS/PARENT return a descriptor and take no
// argument, NS_GET_NSTYPE's result is a CLONE_NEW* name, NS_GET_OWNER_UID fills a uid.
#include <linux/nsfs.h>
#include <sched.h>

#include <string>

#include "decode/ioctl/ioctl.h"

namespace wiretrace {

IoctlArg nsfs_ioctl(Call &c, unsigned code, uint64_t arg) {
    switch (code) {
        case NS_GET_USERNS:
        case NS_GET_PARENT:
            if (c.exiting() && !c.failed()) c.set_result_fd();
            return c.entering() ? IoctlArg::AtExit : IoctlArg::Done;
        case NS_GET_NSTYPE: {
            if (c.entering()) return IoctlArg::AtExit;
            static const struct {
                long flag;
                const char *name;
            } types[] = {{CLONE_NEWNS, "CLONE_NEWNS"},     {CLONE_NEWCGROUP, "CLONE_NEWCGROUP"},
                         {CLONE_NEWUTS, "CLONE_NEWUTS"},   {CLONE_NEWIPC, "CLONE_NEWIPC"},
                         {CLONE_NEWUSER, "CLONE_NEWUSER"}, {CLONE_NEWPID, "CLONE_NEWPID"},
                         {CLONE_NEWNET, "CLONE_NEWNET"},   {0x80 /* CLONE_NEWTIME */, "CLONE_NEWTIME"}};
            if (!c.failed())
                for (const auto &t : types)
                    if (t.flag == c.ret()) c.result_text() = std::to_string(c.ret()) + " (" + t.name + ")";
            return IoctlArg::Done;
        }
        case NS_GET_OWNER_UID: {
            if (c.entering()) return IoctlArg::AtExit;
            c.sep();
            unsigned uid;
            if (!arg || c.failed() || !c.mem().read_obj(RemoteAddr(arg), uid)) {
                c.ptr(arg);
            } else {
                c.str("[");
                if (uid == ~0u)
                    c.dec(-1);
                else
                    c.udec(uid);
                c.str("]");
            }
            return IoctlArg::Done;
        }
        default:
            return IoctlArg::Generic;
    }
}

}  // namespace wiretrace
