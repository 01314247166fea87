#pragma once
// NIfTI-1 and NIfTI-2 (.nii, .nii.gz) voxel reading. ITK 5.2 reads NIfTI-1 only, sets NaN and
// infinite voxels to 0 and fills a truncated file's missing voxels with 0 without a word, so
// the voxels are read here (one zlib pass that notices truncation and checksum errors), and the
// geometry follows ITK's rules (checked against ITK's reader on real NIfTI-1 files in tests).
#include <ATen/core/Tensor.h>

#include <array>
#include <filesystem>

#include "ves/core/geometry.hpp"

namespace ves::io_itk {

/// The header fields a reader needs, from either version, in the file's byte order resolved.
struct NiftiHeader {
  int version = 1;                 ///< 1 (348-byte header) or 2 (540-byte header)
  std::array<int64_t, 8> dim{};    ///< dim[0] = rank, dim[1..7] = sizes
  int datatype = 0;                ///< NIFTI_TYPE_* code
  std::array<double, 8> pixdim{};  ///< pixdim[0] = qfac, pixdim[1..3] = spacing
  int64_t vox_offset = 0;          ///< byte offset of the voxels
  double scl_slope = 0.0, scl_inter = 0.0;
  int qform_code = 0, sform_code = 0;
  std::array<double, 6> quatern{};  ///< quatern_b, c, d, qoffset_x, y, z
  std::array<double, 12> srow{};    ///< srow_x, srow_y, srow_z (RAS)
  int intent_code = 0;
  bool swapped = false;  ///< the file's byte order differs from the host's

  /// Voxels per 3-D volume (dim[1] * dim[2] * dim[3], missing sizes counting 1).
  int64_t voxels_per_volume() const;
  /// Volumes along dims 4..7 (time, vector components, ...).
  int64_t volumes() const;
  /// Sizes as "128x96x24x2".
  std::string size_text() const;
};

/// Reads and checks the header (either version, either byte order, gzip or not). Throws
/// DataError "cannot read PATH: problem" for a missing, short or non-NIfTI file.
NiftiHeader read_nifti_header(const std::filesystem::path& path);

/// All voxels as float32 [volumes * components, Z, Y, X] (x fastest on disk), scaled by
/// scl_slope/scl_inter when the slope is set; NaN stays NaN. Throws DataError naming the file
/// for an unsupported datatype, a truncated file or a corrupt gzip stream.
at::Tensor read_nifti_voxels(const std::filesystem::path& path, const NiftiHeader& header);

/// Geometry in ITK's LPS convention, chosen between sform and qform by ITK's rules (sform when
/// it equals the qform, is the only one set, has code 1 (scanner) or is very similar to the
/// qform, and has no skew; else the qform); spacing from pixdim; x and y negated for LPS.
/// Unlike ITK 5.2 read into a 3-D image, a 4-D file keeps its rotation.
Geometry nifti_geometry(const NiftiHeader& header);

}  // namespace ves::io_itk
