# tcmalloc for the programs that train and infer. libtorch frees and re-allocates every step's
# large activation buffers; glibc's malloc hands such blocks back to the kernel each time, and the
# page faults that follow made a 3-D U-Net training step 3x slower (bench/README.md). tcmalloc keeps
# them. Only executables can choose the allocator, so a library user links it themselves.
option(VES_USE_TCMALLOC "Link vhost and the benchmarks with tcmalloc (libgoogle-perftools-dev)" ON)
if(VES_USE_TCMALLOC)
  find_library(VES_TCMALLOC_LIBRARY NAMES tcmalloc_minimal)
  if(NOT VES_TCMALLOC_LIBRARY)
    message(WARNING "tcmalloc_minimal not found: vhost trains up to 3x slower with glibc malloc; "
                    "install libgoogle-perftools-dev (scripts/install-deps.sh) or set "
                    "-DVES_USE_TCMALLOC=OFF to silence this")
  endif()
endif()

# ves_link_fast_allocator(TARGET): TARGET (an executable) uses tcmalloc when it was found.
function(ves_link_fast_allocator target)
  if(VES_USE_TCMALLOC AND VES_TCMALLOC_LIBRARY)
    # Nothing calls tcmalloc by name: keep the linker from dropping it as unneeded.
    target_link_options(${target} PRIVATE "LINKER:--no-as-needed")
    target_link_libraries(${target} PRIVATE ${VES_TCMALLOC_LIBRARY})
  endif()
endfunction()
