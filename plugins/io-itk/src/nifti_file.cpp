// NIfTI headers (both versions) and voxels through zlib's gz* functions, which read gzip and
// plain files alike. Field offsets are those of nifti1.h and nifti2.h.
#include "nifti_file.hpp"

#include <ATen/ATen.h>
#include <fmt/format.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <memory>
#include <vector>

#include "raw_values.hpp"
#include "ves/core/error.hpp"

namespace ves::io_itk {
namespace {
namespace fs = std::filesystem;

[[noreturn]] void fail(const fs::path& path, const std::string& problem) {
  throw DataError(fmt::format("cannot read {}: {}", path.string(), problem));
}

struct GzCloser {
  void operator()(gzFile_s* file) const { gzclose(file); }
};
using GzFile = std::unique_ptr<gzFile_s, GzCloser>;

GzFile open(const fs::path& path) {
  if (!fs::exists(path)) fail(path, "no such file");
  GzFile file(gzopen(path.string().c_str(), "rb"));
  if (!file) fail(path, "the file cannot be opened");
  gzbuffer(file.get(), 1 << 18);
  return file;
}

std::string zlib_problem(gzFile_s* file) {
  int code = Z_OK;
  const char* text = gzerror(file, &code);
  if (code == Z_BUF_ERROR) return "the file is truncated (the gzip stream ends early)";
  return fmt::format("the gzip stream is corrupt ({})", text ? text : "zlib error");
}

// Reads up to `size` bytes; returns how many were read (fewer at the end of the file).
size_t read_bytes(gzFile_s* file, char* out, size_t size, const fs::path& path) {
  size_t done = 0;
  while (done < size) {
    const auto chunk = static_cast<unsigned>(std::min<size_t>(size - done, 1u << 30));
    const int got = gzread(file, out + done, chunk);
    if (got < 0) fail(path, zlib_problem(file));
    if (got == 0) break;
    done += static_cast<size_t>(got);
  }
  return done;
}

bool gzip_magic(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[2] = {};
  in.read(magic, 2);
  return in && magic[0] == '\x1f' && magic[1] == '\x8b';
}

template <class T>
T field(const unsigned char* header, size_t offset, bool swap) {
  unsigned char bytes[sizeof(T)];
  std::memcpy(bytes, header + offset, sizeof(T));
  if (swap) std::reverse(bytes, bytes + sizeof(T));
  T value;
  std::memcpy(&value, bytes, sizeof(T));
  return value;
}

template <class T, size_t N>
std::array<double, N> doubles(const unsigned char* header, size_t offset, bool swap) {
  std::array<double, N> values{};
  for (size_t i = 0; i < N; ++i) values[i] = field<T>(header, offset + i * sizeof(T), swap);
  return values;
}

// NIfTI datatype code -> element type and components per voxel (RGB); false when unsupported.
bool element_of(int datatype, RawType& type, int64_t& components) {
  components = 1;
  switch (datatype) {
    case 2:
      type = RawType::UInt8;
      return true;
    case 4:
      type = RawType::Int16;
      return true;
    case 8:
      type = RawType::Int32;
      return true;
    case 16:
      type = RawType::Float32;
      return true;
    case 64:
      type = RawType::Float64;
      return true;
    case 256:
      type = RawType::Int8;
      return true;
    case 512:
      type = RawType::UInt16;
      return true;
    case 768:
      type = RawType::UInt32;
      return true;
    case 1024:
      type = RawType::Int64;
      return true;
    case 1280:
      type = RawType::UInt64;
      return true;
    case 128:  // RGB24
      type = RawType::UInt8;
      components = 3;
      return true;
    case 2304:  // RGBA32
      type = RawType::UInt8;
      components = 4;
      return true;
    default:
      return false;
  }
}

using Matrix3 = std::array<std::array<double, 3>, 3>;

// A voxel-to-RAS transform: linear part (columns = axes, scaled by spacing) and offset.
struct Affine {
  Matrix3 linear{};
  std::array<double, 3> offset{};
};

double column_norm(const Matrix3& m, int c) {
  return std::sqrt(m[0][c] * m[0][c] + m[1][c] * m[1][c] + m[2][c] * m[2][c]);
}

// Columns divided by their norms (zero columns stay zero).
Matrix3 normalized(Matrix3 m) {
  for (int c = 0; c < 3; ++c) {
    const double norm = column_norm(m, c);
    if (norm > 0.0) {
      for (int r = 0; r < 3; ++r) m[r][c] /= norm;
    }
  }
  return m;
}

// The sform is a rotation times a scale: its normalised columns are orthonormal (1e-4).
bool decomposable_without_skew(const Affine& sform) {
  const Matrix3 m = normalized(sform.linear);
  for (int a = 0; a < 3; ++a) {
    if (std::abs(column_norm(m, a) - 1.0) > 1e-4) return false;
    for (int b = a + 1; b < 3; ++b) {
      const double dot = m[0][a] * m[0][b] + m[1][a] * m[1][b] + m[2][a] * m[2][b];
      if (std::abs(dot) > 1e-4) return false;
    }
  }
  return true;
}

bool near(const std::array<double, 3>& a, const std::array<double, 3>& b, double tolerance) {
  return std::abs(a[0] - b[0]) <= tolerance && std::abs(a[1] - b[1]) <= tolerance &&
         std::abs(a[2] - b[2]) <= tolerance;
}

// Element by element, as ITK's first, cheap comparison.
bool elementwise_similar(const Affine& s, const Affine& q) {
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 3; ++c) {
      if (std::abs(s.linear[r][c] - q.linear[r][c]) > 1e-5) return false;
    }
  }
  return std::abs(s.offset[0] - q.offset[0]) + std::abs(s.offset[1] - q.offset[1]) +
             std::abs(s.offset[2] - q.offset[2]) <=
         1e-7;
}

// Same rotation, scales and offset within 1e-4 (ITK compares SVDs; for rotation-times-scale
// matrices that amounts to this).
bool very_similar(const Affine& s, const Affine& q) {
  const Matrix3 rs = normalized(s.linear), rq = normalized(q.linear);
  for (int c = 0; c < 3; ++c) {
    if (std::abs(column_norm(s.linear, c) - column_norm(q.linear, c)) > 1e-4) return false;
    if (!near({rs[0][c], rs[1][c], rs[2][c]}, {rq[0][c], rq[1][c], rq[2][c]}, 1e-4)) return false;
  }
  return near(s.offset, q.offset, 1e-4);
}

// The qform (NIfTI "method 2", as nifti_quatern_to_mat44): unit quaternion (a, b, c, d),
// columns scaled by the spacing, qfac flipping z; with qform_code 0, "method 1": the spacing.
Affine qform_of(const NiftiHeader& h, const std::array<double, 3>& spacing) {
  Affine q;
  if (h.qform_code <= 0) {
    for (int i = 0; i < 3; ++i) q.linear[i][i] = spacing[i];
    return q;
  }
  double b = h.quatern[0], c = h.quatern[1], d = h.quatern[2];
  double a = 1.0 - (b * b + c * c + d * d);
  if (a < 1e-7) {  // renormalise (b, c, d) and take a = 0
    const double n = std::sqrt(b * b + c * c + d * d);
    b /= n;
    c /= n;
    d /= n;
    a = 0.0;
  } else {
    a = std::sqrt(a);
  }
  const double qfac = h.pixdim[0] < 0 ? -1.0 : 1.0;
  const Matrix3 r{{{a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)},
                   {2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)},
                   {2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b}}};
  const std::array<double, 3> scale{spacing[0], spacing[1], spacing[2] * qfac};
  for (int row = 0; row < 3; ++row) {
    for (int col = 0; col < 3; ++col) q.linear[row][col] = r[row][col] * scale[col];
  }
  q.offset = {h.quatern[3], h.quatern[4], h.quatern[5]};
  return q;
}

}  // namespace

int64_t NiftiHeader::voxels_per_volume() const {
  int64_t n = 1;
  for (int64_t i = 1; i <= std::min<int64_t>(dim[0], 3); ++i) n *= dim[i];
  return n;
}

int64_t NiftiHeader::volumes() const {
  int64_t n = 1;
  for (int64_t i = 4; i <= dim[0]; ++i) n *= dim[i];
  return n;
}

std::string NiftiHeader::size_text() const {
  std::vector<int64_t> sizes(dim.begin() + 1, dim.begin() + 1 + dim[0]);
  return fmt::format("{}", fmt::join(sizes, "x"));
}

NiftiHeader read_nifti_header(const fs::path& path) {
  GzFile file = open(path);
  unsigned char raw[540] = {};
  const size_t got = read_bytes(file.get(), reinterpret_cast<char*>(raw), sizeof(raw), path);
  if (got < 348) fail(path, "the file is too short for a NIfTI header");
  NiftiHeader h;
  const int32_t size = field<int32_t>(raw, 0, false);
  const int32_t swapped_size = field<int32_t>(raw, 0, true);
  h.swapped = size != 348 && size != 540;
  const int32_t header_size = h.swapped ? swapped_size : size;
  if (header_size == 348) {
    h.version = 1;
    if (std::memcmp(raw + 344, "n+1\0", 4) != 0) {
      fail(path, std::memcmp(raw + 344, "ni1\0", 4) == 0
                     ? "a two-file NIfTI (.hdr/.img) cannot be read as .nii"
                     : "not a NIfTI file (no n+1 magic)");
    }
    for (size_t i = 0; i < 8; ++i) h.dim[i] = field<int16_t>(raw, 40 + 2 * i, h.swapped);
    h.intent_code = field<int16_t>(raw, 68, h.swapped);
    h.datatype = field<int16_t>(raw, 70, h.swapped);
    h.pixdim = doubles<float, 8>(raw, 76, h.swapped);
    h.vox_offset = static_cast<int64_t>(field<float>(raw, 108, h.swapped));
    h.scl_slope = field<float>(raw, 112, h.swapped);
    h.scl_inter = field<float>(raw, 116, h.swapped);
    h.qform_code = field<int16_t>(raw, 252, h.swapped);
    h.sform_code = field<int16_t>(raw, 254, h.swapped);
    h.quatern = doubles<float, 6>(raw, 256, h.swapped);
    h.srow = doubles<float, 12>(raw, 280, h.swapped);
  } else if (header_size == 540) {
    if (got < 540) fail(path, "the file is too short for a NIfTI-2 header");
    h.version = 2;
    if (std::memcmp(raw + 4, "n+2\0", 4) != 0) fail(path, "not a NIfTI-2 file (no n+2 magic)");
    h.datatype = field<int16_t>(raw, 12, h.swapped);
    for (size_t i = 0; i < 8; ++i) h.dim[i] = field<int64_t>(raw, 16 + 8 * i, h.swapped);
    h.pixdim = doubles<double, 8>(raw, 104, h.swapped);
    h.vox_offset = field<int64_t>(raw, 168, h.swapped);
    h.scl_slope = field<double>(raw, 176, h.swapped);
    h.scl_inter = field<double>(raw, 184, h.swapped);
    h.qform_code = field<int32_t>(raw, 344, h.swapped);
    h.sform_code = field<int32_t>(raw, 348, h.swapped);
    h.quatern = doubles<double, 6>(raw, 352, h.swapped);
    h.srow = doubles<double, 12>(raw, 400, h.swapped);
    h.intent_code = field<int32_t>(raw, 504, h.swapped);
  } else {
    fail(path, "not a NIfTI file (the header size is neither 348 nor 540)");
  }
  if (h.dim[0] < 1 || h.dim[0] > 7) {
    fail(path, fmt::format("the NIfTI header's dim[0] is {}, not 1..7", h.dim[0]));
  }
  for (int64_t i = 1; i <= 7; ++i) {
    if (i > h.dim[0]) {
      h.dim[static_cast<size_t>(i)] = 1;
    } else if (h.dim[static_cast<size_t>(i)] < 1) {
      fail(path, fmt::format("the NIfTI header's dim[{}] is {}", i, h.dim[static_cast<size_t>(i)]));
    }
  }
  long double voxels = 1;  // guards the int64 products below against corrupt sizes
  for (size_t i = 1; i <= 7; ++i) voxels *= static_cast<long double>(h.dim[i]);
  if (voxels > static_cast<long double>(int64_t{1} << 40)) {
    fail(path,
         fmt::format("the NIfTI header announces {} voxels; the header is corrupt", h.size_text()));
  }
  if (h.vox_offset < (h.version == 1 ? 348 : 540)) {
    fail(path,
         fmt::format("the NIfTI header's vox_offset {} lies inside the header", h.vox_offset));
  }
  return h;
}

at::Tensor read_nifti_voxels(const fs::path& path, const NiftiHeader& header) {
  RawType type = RawType::UInt8;
  int64_t components = 1;
  if (!element_of(header.datatype, type, components)) {
    fail(path, fmt::format("NIfTI datatype {} is not supported (complex, float128 and bit "
                           "types are not)",
                           header.datatype));
  }
  const int64_t voxels = header.voxels_per_volume();
  const int64_t volumes = header.volumes();
  const auto count = static_cast<size_t>(voxels * volumes * components);
  const size_t bytes = count * raw_size(type);

  std::error_code error;
  const uintmax_t file_size = fs::file_size(path, error);
  if (!error && !gzip_magic(path) &&
      file_size < static_cast<uintmax_t>(header.vox_offset) + bytes) {  // before allocating
    fail(path, fmt::format("the file is truncated: its header ({}, {}) announces {} bytes of "
                           "voxels, it holds {}",
                           header.size_text(), raw_name(type), bytes,
                           file_size > static_cast<uintmax_t>(header.vox_offset)
                               ? file_size - static_cast<uintmax_t>(header.vox_offset)
                               : 0));
  }
  GzFile file = open(path);
  if (gzseek(file.get(), static_cast<z_off_t>(header.vox_offset), SEEK_SET) < 0) {
    fail(path, "the file is truncated before its voxels (" + zlib_problem(file.get()) + ")");
  }
  std::vector<char> raw(bytes);
  const size_t got = read_bytes(file.get(), raw.data(), bytes, path);
  if (got < bytes) {
    fail(path, fmt::format("the file is truncated: its header ({}, {}) announces {} bytes of "
                           "voxels, it holds {}",
                           header.size_text(), raw_name(type), bytes, got));
  }
  char after[4096];  // reading on to the end lets zlib verify the gzip checksum
  while (gzread(file.get(), after, sizeof(after)) > 0) {
  }
  int code = Z_OK;
  gzerror(file.get(), &code);
  if (code != Z_OK) fail(path, zlib_problem(file.get()));

  at::Tensor values = at::empty({static_cast<int64_t>(count)}, at::kFloat);
  raw_to_float(type, raw.data(), count, header.swapped, values.data_ptr<float>());
  const int64_t z = header.dim[3], y = header.dim[2], x = header.dim[1];
  if (components > 1) {  // RGB(A) is interleaved per voxel
    return values.view({volumes, z, y, x, components})
        .permute({0, 4, 1, 2, 3})
        .reshape({volumes * components, z, y, x})
        .contiguous();
  }
  values = values.view({volumes, z, y, x});
  const double slope = header.scl_slope, inter = header.scl_inter;
  if (std::isfinite(slope) && slope != 0.0 && std::isfinite(inter) &&
      (slope != 1.0 || inter != 0.0)) {
    values.mul_(slope).add_(inter);
  }
  return values;
}

Geometry nifti_geometry(const NiftiHeader& h) {
  Geometry g;
  for (size_t i = 0; i < 3; ++i) {
    const double spacing = std::abs(h.pixdim[i + 1]);
    g.spacing[i] = static_cast<int64_t>(i) < h.dim[0] && spacing > 0.0 ? spacing : 1.0;
  }
  const Affine qform = qform_of(h, g.spacing);
  Affine sform;
  if (h.sform_code > 0) {
    for (size_t r = 0; r < 3; ++r) {
      for (size_t c = 0; c < 3; ++c) sform.linear[r][c] = h.srow[r * 4 + c];
      sform.offset[r] = h.srow[r * 4 + 3];
    }
  }
  // ITK's choice: the sform when it equals the qform, when it is the only transform set, when
  // it maps to scanner coordinates (code 1), or when it is very similar to the qform; all but
  // the first only for an sform without skew. Otherwise the qform (or the spacing alone).
  bool use_sform = h.sform_code > 0 && elementwise_similar(sform, qform);
  if (h.sform_code > 0 && decomposable_without_skew(sform)) {
    if (h.qform_code <= 0 || h.sform_code == 1) {
      use_sform = true;
    } else {
      use_sform = use_sform || very_similar(sform, qform);
    }
  }
  if (!use_sform && h.qform_code <= 0 && h.sform_code > 0) {
    throw DataError(
        "the NIfTI sform has skew and no qform is set; a rotation and spacing cannot describe "
        "it");
  }
  const Affine& chosen = use_sform ? sform : qform;
  const Matrix3 rotation = normalized(chosen.linear);
  // RAS (NIfTI) -> LPS (ITK): negate the x and y rows.
  for (size_t r = 0; r < 3; ++r) {
    const double sign = r < 2 ? -1.0 : 1.0;
    g.origin[r] = sign * chosen.offset[r];
    for (size_t c = 0; c < 3; ++c) g.direction[r * 3 + c] = sign * rotation[r][c];
  }
  return g;
}

}  // namespace ves::io_itk
