#pragma once
// RGB pictures to PNG files with VTK (no render window, so no display is needed), and text
// drawn into them with VTK's FreeType renderer and its built-in fonts.
#include <ATen/core/Tensor.h>

#include <filesystem>
#include <string>

namespace ves::viz {

/// Writes an [H, W, 3] uint8 tensor (row 0 at the top) as a PNG file, atomically (temporary
/// file, then rename). Throws DataError naming the path when it cannot be written.
void write_png(const at::Tensor& rgb, const std::filesystem::path& path);

/// Reads a PNG file back as [H, W, 3] uint8 (row 0 at the top); for tests and reports.
at::Tensor read_png(const std::filesystem::path& path);

/// Draws `text` in white, `font_px` high, with its top-left corner at (row, col), clipped to
/// the picture. Returns false (and draws nothing) when VTK cannot render text.
bool draw_text(at::Tensor& rgb, const std::string& text, int64_t row, int64_t col,
               int font_px = 12);

}  // namespace ves::viz
