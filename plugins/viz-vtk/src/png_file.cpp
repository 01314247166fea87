#include "png_file.hpp"

#include <ATen/ATen.h>
#include <vtkFreeTypeTools.h>
#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkPNGReader.h>
#include <vtkPNGWriter.h>
#include <vtkStdString.h>
#include <vtkTextProperty.h>
#include <vtkUnsignedCharArray.h>

#include <cstring>
#include <string>

#include "ves/core/error.hpp"
#include "ves/engine/run_directory.hpp"

namespace ves::viz {
namespace fs = std::filesystem;

void write_png(const at::Tensor& rgb, const fs::path& path) {
  if (rgb.dim() != 3 || rgb.size(2) != 3 || rgb.scalar_type() != at::kByte)
    throw DataError("write_png: expected an [H, W, 3] uint8 picture for " + path.string());
  // VTK's rows run bottom-up.
  const at::Tensor rows = rgb.flip({0}).contiguous();
  vtkNew<vtkImageData> image;
  image->SetDimensions(static_cast<int>(rgb.size(1)), static_cast<int>(rgb.size(0)), 1);
  image->AllocateScalars(VTK_UNSIGNED_CHAR, 3);
  std::memcpy(image->GetScalarPointer(), rows.data_ptr<uint8_t>(),
              static_cast<size_t>(rows.numel()));
  // Encoded in memory, then written atomically (temporary file + rename) by the framework.
  vtkNew<vtkPNGWriter> writer;
  writer->WriteToMemoryOn();
  writer->SetInputData(image);
  writer->Write();
  vtkUnsignedCharArray* encoded = writer->GetResult();
  if (writer->GetErrorCode() != 0 || !encoded || encoded->GetNumberOfValues() == 0)
    throw DataError("cannot encode the picture " + path.string() + " as PNG");
  try {
    write_file_atomic(path, std::string(reinterpret_cast<const char*>(encoded->GetPointer(0)),
                                        static_cast<size_t>(encoded->GetNumberOfValues())));
  } catch (const std::exception& e) {
    throw DataError("cannot write the picture " + path.string() + ": " + e.what() +
                    "; check that its folder is writable and the disk not full");
  }
}

at::Tensor read_png(const fs::path& path) {
  vtkNew<vtkPNGReader> reader;
  if (!fs::exists(path) || !reader->CanReadFile(path.string().c_str()))
    throw DataError(path.string() + " is not a readable PNG file");
  reader->SetFileName(path.string().c_str());
  reader->Update();
  vtkImageData* image = reader->GetOutput();
  int dims[3];
  image->GetDimensions(dims);
  const int components = image->GetNumberOfScalarComponents();
  const at::Tensor raw =
      at::from_blob(image->GetScalarPointer(), {dims[1], dims[0], components}, at::kByte).clone();
  return raw.flip({0}).narrow(2, 0, std::min(components, 3)).contiguous();
}

bool draw_text(at::Tensor& rgb, const std::string& text, int64_t row, int64_t col, int font_px) {
  vtkFreeTypeTools* fonts = vtkFreeTypeTools::GetInstance();
  if (!fonts || text.empty()) return false;
  vtkNew<vtkTextProperty> style;
  style->SetFontFamilyToArial();
  style->SetFontSize(font_px);
  style->SetColor(1.0, 1.0, 1.0);
  style->SetJustificationToLeft();
  vtkNew<vtkImageData> glyphs;
  if (!fonts->RenderString(style.GetPointer(), vtkStdString(text), /*dpi=*/72, glyphs.GetPointer()))
    return false;
  // RenderString fills an RGBA image (bottom-up); only the text's bounding box holds ink.
  int dims[3];
  glyphs->GetDimensions(dims);
  if (glyphs->GetNumberOfScalarComponents() != 4 || dims[0] < 1 || dims[1] < 1) return false;
  const at::Tensor rgba =
      at::from_blob(glyphs->GetScalarPointer(), {dims[1], dims[0], 4}, at::kByte).flip({0});
  const at::Tensor alpha = rgba.select(2, 3).to(at::kFloat).div(255.0).unsqueeze(2);
  const int64_t h = std::min<int64_t>(alpha.size(0), rgb.size(0) - row);
  const int64_t w = std::min<int64_t>(alpha.size(1), rgb.size(1) - col);
  if (h <= 0 || w <= 0 || row < 0 || col < 0) return false;
  at::Tensor target = rgb.narrow(0, row, h).narrow(1, col, w);
  const at::Tensor a = alpha.narrow(0, 0, h).narrow(1, 0, w);
  target.copy_((target.to(at::kFloat) * (1.0 - a) + 255.0 * a).round().to(at::kByte));
  return true;
}

}  // namespace ves::viz
