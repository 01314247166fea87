#pragma once
// How synthetic cases are grouped into subjects, and the random streams they draw from.
#include <cstdint>

#include "ves/core/rng.hpp"

namespace ves::phantom {

/// Subject of case `index` when `cases` are spread over `subjects` (> 0) in contiguous
/// blocks of near-equal size: 9 cases over 3 subjects give 0,0,0,1,1,1,2,2,2.
inline int64_t subject_of(int64_t index, int64_t cases, int64_t subjects) {
  return index * subjects / cases;
}

/// The first case of `subject` (inverse of subject_of's blocks).
inline int64_t first_case_of(int64_t subject, int64_t cases, int64_t subjects) {
  return (subject * cases + subjects - 1) / subjects;
}

/// The stream of case `index`: Rng(seed).fork(index), whatever else was generated before.
inline Rng case_rng(uint64_t seed, int64_t index) {
  return Rng(seed).fork(static_cast<uint64_t>(index));
}

/// The stream of a subject's traits (shared anatomy), apart from all case streams so cases of
/// one subject resemble each other, as a patient's scans do.
inline Rng subject_rng(uint64_t seed, int64_t subject) {
  constexpr uint64_t kSubjectStreams = 0x5375626a65637473ULL;  // "Subjects"
  return Rng(seed).fork(kSubjectStreams).fork(static_cast<uint64_t>(subject));
}

}  // namespace ves::phantom
