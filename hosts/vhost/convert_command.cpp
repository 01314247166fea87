// vhost convert INPUT OUTPUT: any readable image (a DICOM series folder included) to any
// writable format, optionally resampled or reoriented, geometry kept. Built from the same
// components a pipeline uses: reader `image`, transforms `resample`/`reorient`, writer `itk`.
#include <iostream>

#include "commands.hpp"
#include "ves/api/reader.hpp"
#include "ves/api/transform.hpp"
#include "ves/api/writer.hpp"
#include "ves/config/node.hpp"
#include "ves/core/error.hpp"
#include "ves/plugin/registry.hpp"

namespace vhost {

namespace {
using ves::config::Node;

Node text(const std::string& value) {
  return Node::scalar(value, {}, /*quoted=*/true);
}
Node section(const std::string& type) {
  Node node = Node::map();
  node.set("type", Node::scalar(type));
  return node;
}
}  // namespace

Action add_convert_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "convert", "Convert an image (file or DICOM series folder) to another format or grid");
  auto input = std::make_shared<std::string>();
  auto output = std::make_shared<std::string>();
  auto spacing = std::make_shared<std::vector<double>>();
  auto orient = std::make_shared<std::string>();
  auto series = std::make_shared<std::string>();
  auto interpolation = std::make_shared<std::string>("bspline");
  auto dtype = std::make_shared<std::string>("auto");
  auto is_label = std::make_shared<bool>(false);
  cmd->add_option("input", *input, "image file (.nii.gz, .nrrd, .mha, .npy, .dcm) or DICOM folder")
      ->required()
      ->check(CLI::ExistingPath);
  cmd->add_option("output", *output, "output file; its extension picks the format")->required();
  cmd->add_option("--spacing", *spacing, "resample to this spacing in mm, e.g. 1,1,1")
      ->delimiter(',')
      ->expected(3);
  cmd->add_option("--orient", *orient, "reorient to this orientation code, e.g. RAS or LPS");
  cmd->add_option("--series", *series, "series instance UID when the folder holds several");
  cmd->add_option("--interpolation", *interpolation, "image interpolation when resampling")
      ->check(CLI::IsMember({"bspline", "linear", "nearest"}))
      ->capture_default_str();
  cmd->add_flag("--label", *is_label,
                "the input is a label map: nearest-neighbour resampling, integer output");
  cmd->add_option("--dtype", *dtype, "pixel type on disk")
      ->check(CLI::IsMember({"auto", "float32", "uint8", "int16", "int32"}))
      ->capture_default_str();
  return [=]() {
    auto& plugins = load_plugins();
    ves::Context context;
    context.registry = &plugins.registry;
    const std::string key = *is_label ? "label" : "image";

    Node reader_node = section("image");
    reader_node.set("path", text(*input));
    if (!series->empty()) reader_node.set("series", text(*series));
    const auto reader = context.create<ves::Reader>(reader_node, "convert input");
    const auto cases = reader->cases();
    if (cases.empty()) throw ves::DataError(*input + ": nothing to read");
    ves::Sample sample = reader->load(cases.front());
    if (!sample.has_volume("image"))
      throw ves::DataError(*input + ": the reader produced no image volume");
    if (*is_label) {
      sample.volumes["label"] = sample.volumes.at("image");
      sample.volumes.erase("image");
    }
    sample.volumes.erase(*is_label ? "image" : "label");

    std::vector<std::unique_ptr<ves::Transform>> transforms;
    if (!orient->empty()) {
      Node node = section("reorient");
      node.set("orientation", text(*orient));
      transforms.push_back(context.create<ves::Transform>(node, "convert --orient"));
    }
    if (!spacing->empty()) {
      Node node = section("resample");
      Node values = Node::sequence();
      for (double s : *spacing) values.push_back(Node::scalar(std::to_string(s)));
      node.set("spacing", values);
      node.set("interpolation", text(*interpolation));
      transforms.push_back(context.create<ves::Transform>(node, "convert --spacing"));
    }
    ves::Rng rng(0);
    for (size_t i = 0; i < transforms.size(); ++i) transforms[i]->apply(sample, rng, i);

    Node writer_node = section("itk");
    writer_node.set("dtype", text(*dtype));
    const auto writer = context.create<ves::Writer>(writer_node, "convert output");
    const ves::Volume& volume = sample.volume(key);
    writer->write(volume, *output);
    std::cout << *input << " -> " << *output << ": " << volume.describe() << "\n";
    return 0;
  };
}

}  // namespace vhost
