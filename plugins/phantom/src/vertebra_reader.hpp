#pragma once
// Reader "phantom_vertebra": the VertebraPhantom as a dataset (recipes A and B).
#include <map>
#include <memory>
#include <string>

#include "vertebra_phantom.hpp"
#include "ves/api/reader.hpp"
#include "ves/config/params.hpp"

namespace ves::phantom {

/// Cases "vol_s003_L1" (as files vol_{patient}_{vertebra}.npy would be named), subjects
/// "s003"; volumes "image" [1,Z,Y,X] (HU or [0,1]) and "label" [1,Z,Y,X] (defect voxels);
/// scalars "fracture" and "fracture_voxels" (loaded cases only); metadata "subject",
/// "vertebra".
class VertebraReader final : public Reader {
 public:
  /// `geometry` gives origin and direction; its spacing is taken from `options`.
  VertebraReader(VertebraPhantomOptions options, Geometry geometry);

  /// The parameters, one line of doc each (the reader's manual).
  static config::Schema schema();
  /// Builds from validated parameters; throws ConfigError for inconsistent ones.
  static std::unique_ptr<VertebraReader> create(const config::Params& params);

  std::vector<CaseRef> cases() const override;
  Sample load(const CaseRef& ref) const override;

  const VertebraPhantom& phantom() const { return phantom_; }

 private:
  std::string case_id(int64_t index) const;
  int64_t index_of(const CaseRef& ref) const;

  VertebraPhantom phantom_;
  Geometry geometry_;
  std::map<std::string, int64_t> index_;  ///< case id -> case index
};

}  // namespace ves::phantom
