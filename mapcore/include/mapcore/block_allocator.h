// Owned memory blocks: how mapcore frees what Go's garbage collector frees.
//
// Every allocation a map makes (bucket arrays, heap overflow buckets, string
// bytes, out-of-line keys and values) is a *block*: a 16-byte header followed
// by the payload. The header links the block into an intrusive list, so that
// moving a whole generation of overflow buckets to the "retired" list, or
// freeing it, never needs memory: deallocation paths cannot fail, which the
// strong exception guarantee depends on.
//
//   +------------------+-------------------------------+
//   | next  | bytes    | payload (16-byte aligned)     |
//   +------------------+-------------------------------+
//   ^ BlockHeader       ^ what the map uses
//
// Memory comes from the map's allocator (a Boost.Container pmr
// polymorphic_allocator by default), rebound to 16-byte chunks, so a
// counting or failing memory_resource sees every byte. The header is
// mapcore's cost, not Go's: stats() reports both.
#ifndef MAPCORE_BLOCK_ALLOCATOR_H_
#define MAPCORE_BLOCK_ALLOCATOR_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>

#include "mapcore/sanitizer.h"

namespace mapcore {

struct BlockHeader {
  BlockHeader* next;
  uint64_t payload_bytes;
};
static_assert(sizeof(BlockHeader) == 16);

// An intrusive singly linked list of blocks.
struct BlockList {
  BlockHeader* head = nullptr;

  bool empty() const { return head == nullptr; }
  void push(BlockHeader* b) {
    b->next = head;
    head = b;
  }
  BlockHeader* pop() {
    BlockHeader* b = head;
    if (b) head = b->next;
    return b;
  }
  // Moves every block of `other` to the front of this list.
  void splice(BlockList& other) {
    if (other.empty()) return;
    BlockHeader* tail = other.head;
    while (tail->next) tail = tail->next;
    tail->next = head;
    head = other.head;
    other.head = nullptr;
  }
  template <class F>
  void for_each(F&& f) const {
    for (BlockHeader* b = head; b; b = b->next) f(b);
  }
};

template <class Alloc>
class BlockAllocator {
  struct alignas(16) Chunk {
    std::byte bytes[16];
  };
  using ChunkAlloc =
      typename std::allocator_traits<Alloc>::template rebind_alloc<Chunk>;
  using Traits = std::allocator_traits<ChunkAlloc>;

 public:
  static constexpr std::size_t kHeaderBytes = sizeof(Chunk);

  explicit BlockAllocator(const Alloc& a) : alloc_(a) {}

  // A zeroed payload of `bytes` bytes. Throws what the allocator throws.
  void* allocate(uint64_t bytes) {
    const uint64_t chunks = chunks_for(bytes);
    Chunk* c = Traits::allocate(alloc_, chunks);
    auto* h = reinterpret_cast<BlockHeader*>(c);
    h->next = nullptr;
    h->payload_bytes = bytes;
    std::memset(c + 1, 0, bytes);
    live_bytes_ += chunks * sizeof(Chunk);
    ++live_blocks_;
    return c + 1;
  }

  // A payload poisoned by its owner (sanitizer.h) is unpoisoned here: the
  // memory may go to another owner next.
  void deallocate(BlockHeader* h) {
    unpoison_payload(h);
    const uint64_t chunks = chunks_for(h->payload_bytes);
    live_bytes_ -= chunks * sizeof(Chunk);
    --live_blocks_;
    Traits::deallocate(alloc_, reinterpret_cast<Chunk*>(h), chunks);
  }
  void deallocate_payload(const void* payload) {
    deallocate(header_of(payload));
  }
  void deallocate_all(BlockList& list) {
    while (BlockHeader* b = list.pop()) deallocate(b);
  }

  static BlockHeader* header_of(const void* payload) {
    return reinterpret_cast<BlockHeader*>(
        const_cast<std::byte*>(static_cast<const std::byte*>(payload)) -
        sizeof(Chunk));
  }
  template <class T>
  static T* payload_of(BlockHeader* h) {
    return reinterpret_cast<T*>(reinterpret_cast<std::byte*>(h) +
                                sizeof(Chunk));
  }

  // Under ASan: a block's payload that no one may touch (the header, which
  // links the block into its list, stays accessible), and back.
  static void poison_payload(BlockHeader* h) {
    poison_memory(payload_of<std::byte>(h), h->payload_bytes);
  }
  static void unpoison_payload(BlockHeader* h) {
    unpoison_memory(payload_of<std::byte>(h), h->payload_bytes);
  }

  // Bytes this allocator has taken from the allocator and not returned: what
  // a counting memory_resource must report for this map.
  uint64_t live_bytes() const { return live_bytes_; }
  uint64_t live_blocks() const { return live_blocks_; }
  const Alloc allocator() const { return Alloc(alloc_); }

  static uint64_t block_bytes(uint64_t payload_bytes) {
    return chunks_for(payload_bytes) * sizeof(Chunk);
  }

 private:
  static uint64_t chunks_for(uint64_t bytes) {
    return 1 + (bytes + sizeof(Chunk) - 1) / sizeof(Chunk);
  }

  ChunkAlloc alloc_;
  uint64_t live_bytes_ = 0;
  uint64_t live_blocks_ = 0;
};

}  // namespace mapcore

#endif  // MAPCORE_BLOCK_ALLOCATOR_H_
