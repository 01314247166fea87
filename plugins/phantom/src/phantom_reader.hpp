#pragma once
// Reader "phantom": the OrganPhantom as a dataset (lesion segmentation, recipe C style).
#include <map>
#include <memory>
#include <string>

#include "organ_phantom.hpp"
#include "ves/api/reader.hpp"
#include "ves/config/params.hpp"

namespace ves::phantom {

/// Cases "phantom_000".., subjects "subject_000"..; volumes "image" [C,Z,Y,X] and "label"
/// [1,Z,Y,X]; scalars "lesion" (when class_label) and "lesion_voxels" (loaded cases only);
/// metadata "subject" and "lesions" (count).
class PhantomReader final : public Reader {
 public:
  /// `geometry` gives origin and direction; its spacing is taken from `options`.
  PhantomReader(OrganPhantomOptions options, Geometry geometry, bool class_label);

  /// The parameters, one line of doc each (the reader's manual).
  static config::Schema schema();
  /// Builds from validated parameters; throws ConfigError for inconsistent ones.
  static std::unique_ptr<PhantomReader> create(const config::Params& params);

  std::vector<CaseRef> cases() const override;
  Sample load(const CaseRef& ref) const override;

  const OrganPhantom& phantom() const { return phantom_; }

 private:
  int64_t index_of(const CaseRef& ref) const;

  OrganPhantom phantom_;
  Geometry geometry_;
  bool class_label_;
  std::map<std::string, int64_t> index_;  ///< case id -> case index
};

}  // namespace ves::phantom
