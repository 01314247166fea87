#pragma once
// Reader: lists the cases of a dataset and loads one as a Sample.
#include <vector>

#include "ves/api/component.hpp"
#include "ves/core/sample.hpp"

namespace ves {

/// A case as listed, before its images are read: ids, scalar targets and metadata.
struct CaseRef {
  std::string case_id;
  std::string subject_id;
  ScalarMap scalars;
  std::map<std::string, std::string> meta;
};

class Reader : public Component {
 public:
  static constexpr const char* kKind = "reader";
  /// All cases of the dataset, in a stable order.
  virtual std::vector<CaseRef> cases() const = 0;
  /// Reads one case's volumes (thread-safe: called from loader worker threads).
  /// Throws DataError naming the case and file when something is wrong.
  virtual Sample load(const CaseRef& ref) const = 0;
};

}  // namespace ves
