#pragma once
// Registration of the stages built into the framework.
namespace ves {
class Registry;
}

namespace ves::stages {
void register_dataset_summary_stage(Registry& registry);
void register_export_stage(Registry& registry);
void register_train_stage(Registry& registry);
void register_infer_stage(Registry& registry);
}  // namespace ves::stages
