# All third-party packages, found once. Every one is a Debian bookworm package
# (scripts/install-deps.sh installs them); nothing is downloaded at build time.
find_package(Torch REQUIRED)
find_package(ITK REQUIRED COMPONENTS ITKCommon ITKIOImageBase ITKIONIFTI ITKIONRRD ITKIOMeta)
find_package(yaml-cpp REQUIRED)
find_package(spdlog REQUIRED)
find_package(fmt REQUIRED)
find_package(Boost 1.74 REQUIRED COMPONENTS filesystem)
find_package(nlohmann_json REQUIRED)
find_package(CLI11 REQUIRED)
find_package(Threads REQUIRED)
if(VES_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
