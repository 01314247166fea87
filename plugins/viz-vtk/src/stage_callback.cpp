#include "stage_callback.hpp"

namespace ves::viz {

const Volume* find_volume(const std::string& name, const Sample& input,
                          const std::map<std::string, Volume>& outputs) {
  if (name.empty()) return nullptr;
  if (const auto output = outputs.find(name); output != outputs.end()) return &output->second;
  if (const auto own = input.volumes.find(name); own != input.volumes.end()) return &own->second;
  return nullptr;
}

StageCallback::StageCallback(const config::Params& params) {
  for (const auto& name : params.get_strings("stages")) stages_.insert(name);
}

void StageCallback::declare_stages(config::Schema& schema, const std::string& doc) {
  schema.texts("stages", std::vector<std::string>{}, doc);
}

void StageCallback::on_stage_begin(const std::string& stage, const std::filesystem::path& dir) {
  dirs_[stage] = dir;
}

bool StageCallback::wants(const std::string& stage) const {
  return stages_.empty() || stages_.count(stage) > 0;
}

std::optional<std::filesystem::path> StageCallback::stage_dir(const std::string& stage) const {
  const auto dir = dirs_.find(stage);
  if (dir == dirs_.end()) return std::nullopt;
  return dir->second;
}

}  // namespace ves::viz
