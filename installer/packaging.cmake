# CPack: `cpack -G DEB` and `cpack -G TGZ` from the build directory. Both carry the same layout
# as the build tree (bin/, libexec/curtain/, share/curtain/), so the app finds its helpers and
# data wherever it is unpacked.
set(CPACK_PACKAGE_NAME "curtain")
set(CPACK_PACKAGE_VENDOR "The Curtain developers")
set(CPACK_PACKAGE_CONTACT "The Curtain developers <curtain@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "See how Python really works underneath")
set(CPACK_PACKAGE_DESCRIPTION
    "Curtain is a desktop teaching app that pulls back the curtain on Python: how the real
CPython interpreter builds classes and metaclasses, how threads, processes, coroutines and the
GIL share real cores, and how a startup's queues behave, checked against queueing theory.")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_RESOURCE_FILE_README "${PROJECT_SOURCE_DIR}/README.md")
set(CPACK_STRIP_FILES ON)
set(CPACK_SOURCE_IGNORE_FILES "/build/;/build-.*/;/\\\\.git/")

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "education")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Loaded as plugins or run as programs, so dpkg-shlibdeps cannot see them.
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "qt6-qpa-plugins, libqt6svg6, libqt6sql6-sqlite, fonts-dejavu-core, python3")

set(CPACK_GENERATOR "DEB;TGZ")
include(CPack)

if(BUILD_TESTING)
    add_test(NAME package
        COMMAND bash "${PROJECT_SOURCE_DIR}/installer/check-package.sh" "${PROJECT_BINARY_DIR}")
    set_tests_properties(package PROPERTIES LABELS packaging TIMEOUT 300 RUN_SERIAL TRUE)
endif()
