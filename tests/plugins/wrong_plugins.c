/* Deliberately wrong capture plugins for the loader's error tests, built three times:
 * WRONG_NOSYM exports no entry, WRONG_ABI speaks ABI major 2, WRONG_SHORT has a table too
 * short for ABI 1.0. */
#include "wiretrace/capture_abi.h"

#ifndef WRONG_NOSYM
static wt_capture_plugin table;

__attribute__((visibility("default"))) const wt_capture_plugin *wiretrace_capture_plugin(void)
{
	table.abi_major = WT_CAPTURE_ABI_MAJOR;
	table.abi_minor = 0;
	table.struct_size = sizeof table;
	table.name = "wrong";
#ifdef WRONG_ABI
	table.abi_major = 2;
	table.abi_minor = 3;
#endif
#ifdef WRONG_SHORT
	table.struct_size = 24;
#endif
	return &table;
}
#else
__attribute__((visibility("default"))) int not_a_plugin(void)
{
	return 42;
}
#endif
