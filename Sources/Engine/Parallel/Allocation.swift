#if canImport(Glibc)
  import CMalloc
#endif

/// Memory-allocator settings for tensor-sized buffers.
enum Allocation {
  /// Serves large allocations from the heap instead of fresh `mmap` pages.
  ///
  /// glibc maps every block above its threshold (at most 32 MiB) with its own `mmap` and
  /// returns it on free, so a training step that allocates a 32 MiB activation faults in
  /// 8,192 fresh zeroed pages each time. Raising the threshold (and the trim threshold
  /// with it) lets freed activations be reused by the next step.
  static func keepLargeBuffersInHeap() {
    #if canImport(Glibc)
      _ = mallopt(M_MMAP_THRESHOLD, 1 << 30)
      _ = mallopt(M_TRIM_THRESHOLD, 1 << 30)
    #endif
  }
}
