#pragma once
// Lesion-size buckets: the name of the volume range a reference falls in, to split results.
#include <string>
#include <vector>

namespace ves::metrics {

/// "empty" for a volume of 0, else the range of ascending `thresholds_ml` holding `volume_ml`,
/// lower bound inclusive: with [1, 10], "<1mL", "1-10mL" or ">=10mL" ("nonempty" with none).
std::string size_bucket(double volume_ml, const std::vector<double>& thresholds_ml);

}  // namespace ves::metrics
