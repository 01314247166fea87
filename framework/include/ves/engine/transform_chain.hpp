#pragma once
// A list of transforms applied in order, and the inversion of predictions back to the input grid.
#include <memory>
#include <vector>

#include "ves/api/transform.hpp"

namespace ves {

class TransformChain {
 public:
  TransformChain() = default;
  explicit TransformChain(std::vector<std::unique_ptr<Transform>> transforms);
  /// Builds from a ComponentList node (list of maps with "type:"); empty/null = no transforms.
  static TransformChain create(const config::Node& list, const Context& context,
                               const std::string& owner);

  /// Applies every transform; random ones only when `with_random` (training).
  void apply(Sample& sample, Rng& rng, bool with_random = true) const;
  /// Maps a volume on the chain's output grid back through every recorded invertible step.
  Volume invert(const Volume& volume, const Sample& transformed, bool nearest) const;
  size_t size() const { return transforms_.size(); }
  bool empty() const { return transforms_.empty(); }

 private:
  std::vector<std::shared_ptr<const Transform>> transforms_;
};

}  // namespace ves
