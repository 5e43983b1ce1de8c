// Go's sync.Map as a gomapfuzz subject (gomapfuzz/subject_abi.h), tier a:
// the table the CLI lists as the built-in subject "syncmap" (src/subject.cc
// says how each ABI function maps onto Load, Store, LoadOrStore,
// LoadAndDelete and Range).
#ifndef SYNCMAP_SUBJECT_H_
#define SYNCMAP_SUBJECT_H_

#include "gomapfuzz/subject_abi.h"

namespace syncmap {

const gomapfuzz_subject_v1* subject_table();

}  // namespace syncmap

#endif  // SYNCMAP_SUBJECT_H_
