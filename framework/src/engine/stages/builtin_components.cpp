// The framework's own components, registered before any plugin.
#include "builtin_stages.hpp"
#include "ves/plugin/loader.hpp"

namespace ves {

void register_builtin_components(Registry& registry) {
  Registry builtins;
  stages::register_dataset_summary_stage(builtins);
  stages::register_export_stage(builtins);
  stages::register_train_stage(builtins);
  stages::register_infer_stage(builtins);
  registry.merge_from(std::move(builtins), "framework", "");
}

}  // namespace ves
