// The option words of wiretrace's command line as getopt_long reads strace's: each option word
// (to the first non-option, as strace's "+") rewritten into one spelling CLI11 parses without
// guessing - "-X" VALUE, "--canonical" VALUE, "--canonical[=VALUE]" - with getopt's messages
// for what is wrong (unknown, ambiguous, a missing or unwanted argument). Long options may be
// given by any unambiguous prefix.
#pragma once

#include <string>
#include <vector>

namespace wiretrace {

std::vector<std::string> normalize_words(int argc, const char *const *argv);

}  // namespace wiretrace
