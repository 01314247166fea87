#pragma once
// Stage: one step of a pipeline (summarise data, export, train, infer, evaluate...).
#include <vector>

#include "ves/api/callback.hpp"
#include "ves/api/component.hpp"

namespace ves {

/// Where a stage runs: the shared context plus its own output directory and callbacks.
struct StageContext {
  std::string name;           ///< section name in the pipeline file
  std::filesystem::path dir;  ///< run_dir / name, created before run()
  const Context* context = nullptr;
  std::vector<Callback*> callbacks;
};

class Stage : public Component {
 public:
  static constexpr const char* kKind = "stage";
  /// Does the stage's work; publishes outputs for later stages in context->artifacts.
  virtual void run(const StageContext& stage) = 0;
};

}  // namespace ves
