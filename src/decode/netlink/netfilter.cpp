// NETLINK_NETFILTER: message types as subsystem<<8|type with each subsystem's names, the flags
// a new/get/delete request may carry, and the nfgenmsg header before the attributes (whose
// types depend on the subsystem and are shown as numbers, as strace does).
#include <arpa/inet.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nf_tables_compat.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_acct.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <linux/netfilter/nfnetlink_cthelper.h>
#include <linux/netfilter/nfnetlink_cttimeout.h>
#include <linux/netfilter/nfnetlink_hook.h>
#include <linux/netlink.h>

#include <cstdio>

#include "decode/netlink/netlink.h"
#include "decoders.h"

namespace wiretrace {

namespace {
struct SubsysTypes {
    const Xlat *types;
    const char *dflt;
};

// Message type names per subsystem (NFNL_SUBSYS_NONE has none).
SubsysTypes subsys_types(unsigned subsys) {
    switch (subsys) {
        case NFNL_SUBSYS_CTNETLINK:
            return {&xlat_nf_ctnetlink_msg_types, "%#llx /* IPCTNL_MSG_CT_??? */"};
        case NFNL_SUBSYS_CTNETLINK_EXP:
            return {&xlat_nf_ctnetlink_exp_msg_types, "%#llx /* IPCTNL_MSG_EXP_??? */"};
        case NFNL_SUBSYS_QUEUE:
            return {&xlat_nf_queue_msg_types, "%#llx /* NFQNL_MSG_??? */"};
        case NFNL_SUBSYS_ULOG:
            return {&xlat_nf_ulog_msg_types, "%#llx /* NFULNL_MSG_??? */"};
        case NFNL_SUBSYS_OSF:
            return {&xlat_nf_osf_msg_types, "%#llx /* OSF_MSG_??? */"};
        case NFNL_SUBSYS_IPSET:
            return {&xlat_nf_ipset_msg_types, "%#llx /* IPSET_CMD_??? */"};
        case NFNL_SUBSYS_ACCT:
            return {&xlat_nf_acct_msg_types, "%#llx /* NFNL_MSG_ACCT_??? */"};
        case NFNL_SUBSYS_CTNETLINK_TIMEOUT:
            return {&xlat_nf_cttimeout_msg_types, "%#llx /* IPCTNL_MSG_TIMEOUT_??? */"};
        case NFNL_SUBSYS_CTHELPER:
            return {&xlat_nf_cthelper_msg_types, "%#llx /* NFNL_MSG_CTHELPER_??? */"};
        case NFNL_SUBSYS_NFTABLES:
            return {&xlat_nf_nftables_msg_types, "%#llx /* NFT_MSG_??? */"};
        case NFNL_SUBSYS_NFT_COMPAT:
            return {&xlat_nf_nft_compat_msg_types, "%#llx /* NFNL_MSG_COMPAT_??? */"};
        case NFNL_SUBSYS_HOOK:
            return {&xlat_nf_hook_msg_types, "%#llx /* NFT_MSG_HOOK_??? */"};
        default:
            return {nullptr, nullptr};
    }
}

enum Kind { kOther, kNew, kGet, kDel };

Kind kind_of(unsigned subsys, unsigned t) {
    switch (subsys) {
        case NFNL_SUBSYS_CTNETLINK:
            switch (t) {
                case IPCTNL_MSG_CT_NEW:
                    return kNew;
                case IPCTNL_MSG_CT_GET:
                case IPCTNL_MSG_CT_GET_CTRZERO:
                case IPCTNL_MSG_CT_GET_STATS_CPU:
                case IPCTNL_MSG_CT_GET_STATS:
                case IPCTNL_MSG_CT_GET_DYING:
                case IPCTNL_MSG_CT_GET_UNCONFIRMED:
                    return kGet;
                case IPCTNL_MSG_CT_DELETE:
                    return kDel;
            }
            break;
        case NFNL_SUBSYS_CTNETLINK_EXP:
            switch (t) {
                case IPCTNL_MSG_EXP_NEW:
                    return kNew;
                case IPCTNL_MSG_EXP_GET:
                case IPCTNL_MSG_EXP_GET_STATS_CPU:
                    return kGet;
                case IPCTNL_MSG_EXP_DELETE:
                    return kDel;
            }
            break;
        case NFNL_SUBSYS_ACCT:
            switch (t) {
                case NFNL_MSG_ACCT_NEW:
                    return kNew;
                case NFNL_MSG_ACCT_GET:
                case NFNL_MSG_ACCT_GET_CTRZERO:
                    return kGet;
                case NFNL_MSG_ACCT_DEL:
                    return kDel;
            }
            break;
        case NFNL_SUBSYS_CTNETLINK_TIMEOUT:
            switch (t) {
                case IPCTNL_MSG_TIMEOUT_NEW:
                    return kNew;
                case IPCTNL_MSG_TIMEOUT_GET:
                    return kGet;
                case IPCTNL_MSG_TIMEOUT_DELETE:
                    return kDel;
            }
            break;
        case NFNL_SUBSYS_CTHELPER:
            switch (t) {
                case NFNL_MSG_CTHELPER_NEW:
                    return kNew;
                case NFNL_MSG_CTHELPER_GET:
                    return kGet;
                case NFNL_MSG_CTHELPER_DEL:
                    return kDel;
            }
            break;
        case NFNL_SUBSYS_NFTABLES:
            switch (t) {
                case NFT_MSG_NEWTABLE:
                case NFT_MSG_NEWCHAIN:
                case NFT_MSG_NEWRULE:
                case NFT_MSG_NEWSET:
                case NFT_MSG_NEWSETELEM:
                case NFT_MSG_NEWGEN:
                case NFT_MSG_NEWOBJ:
                case NFT_MSG_NEWFLOWTABLE:
                    return kNew;
                case NFT_MSG_GETTABLE:
                case NFT_MSG_GETCHAIN:
                case NFT_MSG_GETRULE:
                case NFT_MSG_GETSET:
                case NFT_MSG_GETSETELEM:
                case NFT_MSG_GETGEN:
                case NFT_MSG_GETOBJ:
                case NFT_MSG_GETOBJ_RESET:
                case NFT_MSG_GETFLOWTABLE:
                    return kGet;
                case NFT_MSG_DELTABLE:
                case NFT_MSG_DELCHAIN:
                case NFT_MSG_DELRULE:
                case NFT_MSG_DELSET:
                case NFT_MSG_DELSETELEM:
                case NFT_MSG_DELOBJ:
                case NFT_MSG_DELFLOWTABLE:
                    return kDel;
            }
            break;
        case NFNL_SUBSYS_NFT_COMPAT:
            return t == NFNL_MSG_COMPAT_GET ? kGet : kOther;
        case NFNL_SUBSYS_HOOK:
            return t == NFNL_MSG_HOOK_GET ? kGet : kOther;
    }
    return kOther;
}

// A value shown by a fixed name (and, under -X, as its number).
void named(Call &c, uint64_t v, const char *name) {
    c.composite(v, [&](Call &n) { n.str(name); });
}
}  // namespace

void print_netfilter_type(Call &c, uint16_t type) {
    if (xlat_name(xlat_nl_netfilter_msg_types, type)) return c.enum_val(xlat_nl_netfilter_msg_types, type, "%#llx");
    const unsigned subsys = type >> 8, t = type & 0xff;
    c.enum_val(xlat_nl_netfilter_subsys_ids, subsys, "%#llx /* NFNL_SUBSYS_??? */");
    c.str("<<8|");
    SubsysTypes s = subsys_types(subsys);
    if (s.types)
        c.enum_val(*s.types, t, s.dflt);
    else
        c.hex(t);
}

const Xlat *netfilter_type_flags(uint16_t type) {
    switch (kind_of(type >> 8, type & 0xff)) {
        case kNew:
            return &xlat_netlink_new_flags;
        case kGet:
            return &xlat_netlink_get_flags;
        case kDel:
            return &xlat_netlink_delete_flags;
        default:
            return nullptr;
    }
}

bool decode_netlink_netfilter(Call &c, const nlmsghdr &h, uint64_t addr, uint32_t len) {
    if (h.nlmsg_type == NLMSG_DONE) return false;
    nfgenmsg m;
    if (len < sizeof m) {
        c.hex_buffer(addr, len);
        return true;
    }
    if (!c.mem().read_obj(RemoteAddr(addr), m)) {
        c.ptr(addr);
        return true;
    }
    const unsigned subsys = h.nlmsg_type >> 8;
    c.str("{nfgen_family=");
    c.enum_val(xlat_address_families, m.nfgen_family, "%#llx /* AF_??? */");
    c.str(", version=");
    c.enum_val(xlat_netfilter_versions, m.version, "%#llx /* NFNETLINK_??? */");
    c.str(", res_id=");
    // nf_tables once sent res_id in host order: strace names both forms
    if (subsys == NFNL_SUBSYS_NFTABLES && ntohs(m.res_id) == NFNL_SUBSYS_NFTABLES) {
        named(c, m.res_id, "htons(NFNL_SUBSYS_NFTABLES)");
    } else if (subsys == NFNL_SUBSYS_NFTABLES && m.res_id == NFNL_SUBSYS_NFTABLES) {
        named(c, m.res_id, "NFNL_SUBSYS_NFTABLES");
    } else {
        c.str("htons(");
        c.udec(ntohs(m.res_id));
        c.str(")");
    }
    c.str("}");
    const uint32_t off = NLMSG_ALIGN(sizeof m);
    if (len > off) {
        c.str(", ");
        if ((h.nlmsg_type >= NFNL_MSG_BATCH_BEGIN && h.nlmsg_type <= NFNL_MSG_BATCH_END) ||
            h.nlmsg_type < NLMSG_MIN_TYPE) {
            c.hex_buffer(addr + off, len - off);
        } else {
            static const Xlat unnamed{nullptr, 0, XlatKind::Enum};
            decode_nlattrs(c, addr + off, len - off, unnamed, "%#llx", nullptr, 0, nullptr);
        }
    }
    return true;
}

}  // namespace wiretrace
