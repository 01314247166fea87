#pragma once
// Loss: (outputs, batch) -> total plus named components for logging.
#include "ves/api/component.hpp"
#include "ves/core/batch.hpp"

namespace ves {

struct LossResult {
  at::Tensor total;  ///< scalar tensor to back-propagate
  TensorMap terms;   ///< named scalar components ("dice", "bce"...), already weighted
};

class Loss : public Component {
 public:
  static constexpr const char* kKind = "loss";
  virtual LossResult compute(const TensorMap& outputs, const Batch& batch) const = 0;
};

}  // namespace ves
