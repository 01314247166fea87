#pragma once
// What the picture callbacks share: the `stages:` they draw for, each stage's folder, and
// looking a volume up among a prediction's outputs, then the case's own volumes.
#include <filesystem>
#include <map>
#include <optional>
#include <set>

#include "ves/api/callback.hpp"
#include "ves/config/params.hpp"

namespace ves::viz {

/// The volume `name` of `outputs`, else of `input`; nullptr when neither has it.
const Volume* find_volume(const std::string& name, const Sample& input,
                          const std::map<std::string, Volume>& outputs);

class StageCallback : public Callback {
 public:
  /// Reads `stages` ([] = every stage).
  explicit StageCallback(const config::Params& params);
  /// Declares `stages` in a callback's schema.
  static void declare_stages(config::Schema& schema, const std::string& doc);
  void on_stage_begin(const std::string& stage, const std::filesystem::path& dir) override;

 protected:
  bool wants(const std::string& stage) const;
  /// The folder of `stage` given at on_stage_begin, if any.
  std::optional<std::filesystem::path> stage_dir(const std::string& stage) const;

 private:
  std::set<std::string> stages_;
  std::map<std::string, std::filesystem::path> dirs_;
};

}  // namespace ves::viz
