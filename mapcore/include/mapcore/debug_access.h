// The one door into a map's internals, as Abseil's HashtableDebugAccess and
// Go's export_test.go: Map keeps its RawMap private, and only code that
// goes through DebugAccess reads it. mapcore's introspection (stats(),
// state(), dump(), the invariant checkers) is built on it; white-box tests
// and the law checks that must read the layout itself (the property suite's
// snapshots, memreport's ledger) use it too, where a reader can see them.
// Everything else uses the container (map.h) and introspect.h.
#ifndef MAPCORE_DEBUG_ACCESS_H_
#define MAPCORE_DEBUG_ACCESS_H_

namespace mapcore {

struct DebugAccess {
  template <class MapT>
  static const typename MapT::Raw& raw(const MapT& m) {
    return m.raw_;
  }
  template <class MapT>
  static typename MapT::Raw& raw(MapT& m) {
    return m.raw_;
  }
};

}  // namespace mapcore

#endif  // MAPCORE_DEBUG_ACCESS_H_
