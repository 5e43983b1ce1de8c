// See map_probe.h.
#include "gomapfuzz/fuzz/map_probe.h"

#include "gomapfuzz/harness/typed_values.h"
#include "mapcore/debug_access.h"
#include "mapcore/map.h"

namespace gomapfuzz {
namespace {

template <class K>
class TypedProbe final : public MapProbe {
  using MapT = mapcore::Map<K, uint64_t, mapcore::DynamicHasher>;
  using Raw = typename MapT::Raw;

 public:
  TypedProbe(const Trace& t, std::size_t index) : trace_(t) {
    make(0);
    for (std::size_t i = 0; i < index && i < t.ops.size(); ++i) run(t.ops[i]);
  }

  uint8_t B() const override { return raw().header().B; }
  int64_t count() const override { return map_->size(); }
  bool growing() const override { return raw().growing(); }
  bool same_size_grow() const override { return raw().same_size_grow(); }
  uint32_t hash0() const override { return raw().header().hash0; }
  uint64_t hash(const TraceKey& k) const override {
    return raw().hash_of_arg(KeyConv<K>::arg(k));
  }

  // The live slots of the current chains and of the old chains not
  // evacuated yet (mapcore/invariants.h counts them the same way).
  std::vector<TraceKey> live_keys() const override {
    std::vector<TraceKey> keys;
    const Raw& map = raw();
    auto walk = [&](const typename Raw::BucketT* array, uint64_t n) {
      for (uint64_t x = 0; array && x < n; ++x) {
        if (mapcore::is_evacuated_marker(array[x].tophash[0])) continue;
        for (auto* b = array + x; b; b = b->overflow) {
          for (int i = 0; i < mapcore::kBucketCnt; ++i) {
            if (b->tophash[i] < mapcore::kMinTopHash) continue;
            const K& k = *Raw::key_ptr(b, i);
            if (!Raw::key_is_self_equal(k)) continue;  // NaN
            keys.push_back(KeyConv<K>::back(Raw::KP::arg_of(k)));
          }
        }
      }
    };
    walk(map.buckets(), map.buckets() ? uint64_t{1} << map.header().B : 0);
    walk(map.oldbuckets(), map.growing() ? map.noldbuckets() : 0);
    return keys;
  }

 private:
  // White-box, as the invariant checker: B, hash0 and the live slots.
  const Raw& raw() const { return mapcore::DebugAccess::raw(*map_); }

  // As the replayer makes its maps: seed + the number of the map.
  void make(int64_t hint) {
    typename MapT::Options o;
    o.hint = hint;
    o.seed = trace_.seed + maps_++;
    o.hasher = trace_.hasher.make();
    map_.reset();
    map_ = std::make_unique<MapT>(o);
  }

  void run(const Op& op) {
    switch (op.kind) {
      case OpKind::kMake:
        make(op.hint);
        return;
      case OpKind::kPut:
        map_->put(KeyConv<K>::arg(op.key), op.value);
        return;
      case OpKind::kGet:
        map_->find(KeyConv<K>::arg(op.key));
        return;
      case OpKind::kDel:
        map_->erase(KeyConv<K>::arg(op.key));
        return;
      case OpKind::kClear:
        map_->clear();
        return;
      default:  // iteration changes neither the shape nor hash0
        return;
    }
  }

  const Trace& trace_;
  std::unique_ptr<MapT> map_;
  uint64_t maps_ = 0;
};

}  // namespace

std::unique_ptr<MapProbe> MapProbe::before(const Trace& t, std::size_t index) {
  switch (t.types.key) {
    case KeyType::kUint64:
      return std::make_unique<TypedProbe<uint64_t>>(t, index);
    case KeyType::kString:
      return std::make_unique<TypedProbe<mapcore::GoString>>(t, index);
    case KeyType::kFloat64:
      return std::make_unique<TypedProbe<double>>(t, index);
  }
  return nullptr;
}

}  // namespace gomapfuzz
