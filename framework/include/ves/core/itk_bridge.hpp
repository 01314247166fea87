#pragma once
// Conversion between ITK images and Volumes that keeps geometry exactly.
// Include only where ITK is needed: it pulls in ITK headers.
#include <itkImage.h>
#include <itkVectorImage.h>

#include "ves/core/volume.hpp"

namespace ves {

using ItkImage3f = itk::Image<float, 3>;
using ItkVectorImage3f = itk::VectorImage<float, 3>;

/// Geometry of an ITK image (spacing, origin, direction copied exactly).
Geometry geometry_of(const itk::ImageBase<3>& image);
/// Writes geometry into an ITK image (its region must already be set).
void apply_geometry(const Geometry& geometry, itk::ImageBase<3>& image);

/// Scalar ITK image -> Volume [1, Z, Y, X] sharing the ITK buffer (no copy; the tensor keeps
/// the image alive).
Volume volume_from_itk(const ItkImage3f::Pointer& image);
/// Vector ITK image (n components) -> Volume [n, Z, Y, X] (one copy, to go channel-first).
Volume volume_from_itk(const ItkVectorImage3f::Pointer& image);
/// One channel of a 3-D Volume -> new float ITK image with the same geometry (copies).
ItkImage3f::Pointer itk_from_volume(const Volume& volume, int64_t channel = 0);
/// All channels -> ITK vector image (copies).
ItkVectorImage3f::Pointer itk_vector_from_volume(const Volume& volume);

}  // namespace ves
