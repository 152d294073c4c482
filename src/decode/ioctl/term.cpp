// 'T' requests: terminals (termios, termio, termios2, window sizes, modem lines, line
// disciplines) and the FIO* requests that share the type byte, as strace's term.c shows them.
#include <asm/termios.h>

#include "decode/ioctl/ioctl.h"
#include "decoders.h"

namespace wiretrace {

namespace {
// c_oflag: each delay field by name, then the remaining bits.
void print_oflag(Call &c, uint64_t v) {
    const struct {
        const Xlat &x;
        uint64_t mask;
        const char *unknown;
    } fields[] = {
        {xlat_term_oflags_nldly, NLDLY, "NL?"},    {xlat_term_oflags_crdly, CRDLY, "CR?"},
        {xlat_term_oflags_tabdly, TABDLY, "TAB?"}, {xlat_term_oflags_bsdly, BSDLY, "BS?"},
        {xlat_term_oflags_vtdly, VTDLY, "VT?"},    {xlat_term_oflags_ffdly, FFDLY, "FF?"},
    };
    for (const auto &f : fields) {
        c.enum_val(f.x, v & f.mask, f.unknown);
        c.str("|");
        v &= ~f.mask;
    }
    c.flags(xlat_term_oflags, v, "0");
}

// c_cflag: the speed (and the input speed when set apart), the character size, the bits.
void print_cflag(Call &c, uint64_t v) {
    c.enum_val(xlat_baud_options, v & CBAUD, "B???");
    c.str("|");
    if (v & CIBAUD) {
        c.enum_val(xlat_baud_options, (v & CIBAUD) >> IBSHIFT, "B???");
        c.str("<<IBSHIFT|");
    }
    c.enum_val(xlat_term_cflags_csize, v & CSIZE, "CS?");
    c.str("|");
    c.flags(xlat_term_cflags, v & ~uint64_t(CBAUD | CIBAUD | CSIZE), "0");
}

void print_modes(Call &c, uint64_t iflag, uint64_t oflag, uint64_t cflag, uint64_t lflag) {
    c.str("{c_iflag=");
    c.flags(xlat_term_iflags, iflag, "0");
    c.str(", c_oflag=");
    print_oflag(c, oflag);
    c.str(", c_cflag=");
    print_cflag(c, cflag);
    c.str(", c_lflag=");
    c.flags(xlat_term_lflags, lflag, "0");
}

// ", c_line=N_TTY, c_cc=[[VINTR]=0x3, ...]" (or ", ..." when abbreviated).
void print_line_and_cc(Call &c, unsigned char line, const unsigned char *cc, size_t n) {
    if (c.options().abbrev) {
        c.str(", ...");
        return;
    }
    c.str(", c_line=");
    c.enum_val(xlat_term_line_discs, line, "%#llx /* N_??? */");
    c.str(", c_cc=[");
    for (size_t i = 0; i < n; i++) {
        if (i) c.str(", ");
        c.str("[");
        if (const char *name = xlat_name(xlat_termios_cc, i))
            c.str(name);
        else
            c.udec(i);
        c.str("]=");
        c.hex(cc[i]);
    }
    c.str("]");
}

void print_termios(Call &c, uint64_t addr) {
    termios t;
    if (!c.fetch(addr, t)) return;
    print_modes(c, t.c_iflag, t.c_oflag, t.c_cflag, t.c_lflag);
    print_line_and_cc(c, t.c_line, t.c_cc, NCCS);
    c.str("}");
}

void print_termios2(Call &c, uint64_t addr) {
    termios2 t;
    if (!c.fetch(addr, t)) return;
    print_modes(c, t.c_iflag, t.c_oflag, t.c_cflag, t.c_lflag);
    print_line_and_cc(c, t.c_line, t.c_cc, NCCS);
    if (!c.options().abbrev) {
        c.str(", c_ispeed=");
        c.udec(t.c_ispeed);
        c.str(", c_ospeed=");
        c.udec(t.c_ospeed);
    }
    c.str("}");
}

void print_termio(Call &c, uint64_t addr) {
    termio t;
    if (!c.fetch(addr, t)) return;
    print_modes(c, t.c_iflag, t.c_oflag, t.c_cflag, t.c_lflag);
    print_line_and_cc(c, t.c_line, t.c_cc, sizeof t.c_cc);
    c.str("}");
}

void print_winsize(Call &c, uint64_t addr) {
    winsize w;
    if (!c.fetch(addr, w)) return;
    c.str("{ws_row=");
    c.udec(w.ws_row);
    c.str(", ws_col=");
    c.udec(w.ws_col);
    c.str(", ws_xpixel=");
    c.udec(w.ws_xpixel);
    c.str(", ws_ypixel=");
    c.udec(w.ws_ypixel);
    c.str("}");
}

void print_modem(Call &c, uint64_t addr) {
    unsigned v;
    if (!c.fetch(addr, v)) return;
    c.str("[");
    c.flags_of({&xlat_modem_flags}, v, "0", "TIOCM_???");
    c.str("]");
}
}  // namespace

IoctlArg term_ioctl(Call &c, unsigned code, uint64_t arg) {
    switch (code) {
        case TCGETS2:
            if (c.entering()) return IoctlArg::AtExit;
            [[fallthrough]];
        case TCSETS2:
        case TCSETSW2:
        case TCSETSF2:
            c.sep();
            print_termios2(c, arg);
            return IoctlArg::Done;
        case TCGETS:
        case TIOCGLCKTRMIOS:
            if (c.entering()) return IoctlArg::AtExit;
            [[fallthrough]];
        case TCSETS:
        case TCSETSW:
        case TCSETSF:
        case TIOCSLCKTRMIOS:
            c.sep();
            print_termios(c, arg);
            return IoctlArg::Done;
        case TCGETA:
            if (c.entering()) return IoctlArg::AtExit;
            [[fallthrough]];
        case TCSETA:
        case TCSETAW:
        case TCSETAF:
            c.sep();
            print_termio(c, arg);
            return IoctlArg::Done;
        case TIOCGWINSZ:
            if (c.entering()) return IoctlArg::AtExit;
            [[fallthrough]];
        case TIOCSWINSZ:
            c.sep();
            print_winsize(c, arg);
            return IoctlArg::Done;
        case TCXONC:
            c.sep();
            c.enum_val(xlat_tcxonc_options, arg, "%#llx /* TC??? */");
            return IoctlArg::Done;
        case TCFLSH:
            c.sep();
            c.enum_val(xlat_tcflsh_options, arg, "%#llx /* TC??? */");
            return IoctlArg::Done;
        case TCSBRK:
        case TCSBRKP:
        case TIOCSCTTY:
            c.sep();
            c.dec(static_cast<int>(arg));
            return IoctlArg::Done;
        case TIOCMGET:
            if (c.entering()) return IoctlArg::AtExit;
            [[fallthrough]];
        case TIOCMBIS:
        case TIOCMBIC:
        case TIOCMSET:
            c.sep();
            print_modem(c, arg);
            return IoctlArg::Done;
        case TIOCGPGRP:
        case TIOCGSID:
        case TIOCGETD:
        case TIOCGSOFTCAR:
        case TIOCGPTN:
        case FIONREAD:
        case TIOCOUTQ:
        case TIOCGEXCL:
        case TIOCGDEV:
            if (c.entering()) return IoctlArg::AtExit;
            [[fallthrough]];
        case TIOCSPGRP:
        case TIOCSETD:
        case FIONBIO:
        case FIOASYNC:
        case TIOCPKT:
        case TIOCSSOFTCAR:
        case TIOCSPTLCK:
            c.sep();
            print_int_at(c, arg);
            return IoctlArg::Done;
        case TIOCSTI:  // one character
            c.sep();
            c.buffer(arg, 1);
            return IoctlArg::Done;
        case TIOCSBRK:
        case TIOCCBRK:
        case TIOCCONS:
        case TIOCNOTTY:
        case TIOCEXCL:
        case TIOCNXCL:
        case FIOCLEX:
        case FIONCLEX:
        case TIOCVHANGUP:
        case TIOCSSERIAL:
            return IoctlArg::Done;
        default:
            return IoctlArg::Generic;
    }
}

}  // namespace wiretrace
