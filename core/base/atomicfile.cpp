// Temporary file + fsync + rename(2) + directory fsync.
#include "core/base/atomicfile.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <vector>

namespace threadmix {
namespace {

std::string directoryOf(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos)
        return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

Error failure(const std::string& what, const std::string& path) {
    return Error{"cannot " + what + " " + path + ": " + std::strerror(errno)};
}

} // namespace

Status writeFileAtomically(const std::string& path, std::string_view content) {
    if (path.empty())
        return Error{"no file name given"};
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
        // A device (/dev/full), pipe or directory: renaming over it would be wrong.
        // Write in place, which still reports errors such as a full disk.
        const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
        if (fd < 0)
            return failure("open", path);
        const char* p = content.data();
        std::size_t left = content.size();
        while (left > 0) {
            const ssize_t n = ::write(fd, p, left);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                const auto e = failure("write", path);
                ::close(fd);
                return e;
            }
            p += n;
            left -= std::size_t(n);
        }
        ::close(fd);
        return success();
    }
    std::string tmpl = directoryOf(path) + "/." + path.substr(path.rfind('/') + 1) + ".tmp-XXXXXX";
    std::vector<char> name(tmpl.begin(), tmpl.end());
    name.push_back('\0');
    const int fd = ::mkstemp(name.data());
    if (fd < 0)
        return failure("create a temporary file in", directoryOf(path));
    const std::string tmp(name.data());
    auto abandon = [&](const std::string& what) -> Status {
        const Error e = failure(what, path);
        ::close(fd);
        ::unlink(tmp.c_str());
        return e;
    };
    const char* p = content.data();
    std::size_t left = content.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = EIO;
            return abandon("write");
        }
        p += n;
        left -= std::size_t(n);
    }
    ::fchmod(fd, 0644);
    if (::fsync(fd) != 0)
        return abandon("flush");
    if (::close(fd) != 0) {
        const Error e = failure("close", path);
        ::unlink(tmp.c_str());
        return e;
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const Error e = failure("replace", path);
        ::unlink(tmp.c_str());
        return e;
    }
    const int dir = ::open(directoryOf(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
    return success();
}

Expected<std::string> readWholeFile(const std::string& path, std::size_t maxBytes) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return Error{"cannot open " + path + ": " + std::strerror(errno)};
    std::string content;
    char buf[65536];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
        content.append(buf, std::size_t(in.gcount()));
        if (content.size() > maxBytes)
            return Error{path + " is larger than " + std::to_string(maxBytes >> 20) +
                         " MiB; it is not a ThreadMix result file"};
    }
    return content;
}

} // namespace threadmix
