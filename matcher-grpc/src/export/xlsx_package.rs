//! A workbook's package (a zip) with one part replaced: the parts rust_xlsxwriter wrote are copied as they
//! are, compressed bytes and all, and the replaced part is streamed as pieces deflated apart, on every core,
//! in the way of pigz: each piece but the last ends on a byte boundary without closing the stream, so that
//! their concatenation is one deflate stream, whose CRC is combined from the pieces'.

use std::io::{Read, Write};

use anyhow::Context;
use flate2::{Compress, Compression, FlushCompress, Status};

/// Deflate level of the replaced part. The list sheet of 12,705 students (62,700 rows, 114 MB of XML) in
/// pieces of 4 MB on one core: level 1 0.18 s and 17.8 MB, level 2 0.25 s and 14.1 MB, level 3 0.34 s and
/// 13.3 MB, level 6 three times level 2's time for 11.8 MB. Excel and WPS read any level.
const LEVEL: u32 = 2;

/// A piece of a part, deflated.
#[derive(Default)]
pub struct Deflated {
    bytes: Vec<u8>,
    crc: crc32fast::Hasher,
    len: u64,
}

/// Deflates `data` as a piece of a stream: `last` closes the stream, any other piece ends on a byte
/// boundary with the stream left open.
pub fn deflate(data: &[u8], last: bool) -> anyhow::Result<Deflated> {
    let mut deflated = Deflated::default();
    deflate_into(data, last, &mut deflated)?;
    Ok(deflated)
}

/// [`deflate`] into `deflated`, whose bytes' memory is kept.
pub fn deflate_into(data: &[u8], last: bool, deflated: &mut Deflated) -> anyhow::Result<()> {
    let mut compress = Compress::new(Compression::new(LEVEL), false);
    let flush = if last { FlushCompress::Finish } else { FlushCompress::Sync };
    let bytes = &mut deflated.bytes;
    bytes.clear();
    // Room for the whole of the deflated piece, whatever the buffer had: deflate then ends in one call, and
    // its bytes depend on the data alone (a flush that just fills the room it is given is completed by a
    // second call with an empty block more, so the room given, a reused buffer's, would change the file).
    bytes.reserve(deflated_bound(data.len()));
    loop {
        if bytes.len() == bytes.capacity() {
            bytes.reserve(bytes.capacity().max(4096));
        }
        let read = compress.total_in() as usize;
        let status = compress.compress_vec(&data[read..], bytes, flush).context("deflating the list sheet")?;
        let all_read = compress.total_in() as usize == data.len();
        // Done: the stream closed, or everything read and flushed with room to spare in the output.
        if status == Status::StreamEnd || (!last && all_read && bytes.len() < bytes.capacity()) {
            break;
        }
    }
    deflated.crc = crc32fast::Hasher::new();
    deflated.crc.update(data);
    deflated.len = data.len() as u64;
    Ok(())
}

/// The most bytes `len` bytes can deflate to at any level, with the flush at the end.
fn deflated_bound(len: usize) -> usize {
    // zlib's deflateBound, with room for the flush (zlib asks for more than six bytes of it).
    len + (len >> 12) + (len >> 14) + (len >> 25) + 64
}

/// One part as the central directory lists it.
struct DirectoryEntry {
    name: String,
    /// General purpose flags: bit 3 when sizes and CRC follow the data (the streamed part).
    flags: u16,
    method: u16,
    crc: u32,
    compressed: u32,
    size: u32,
    offset: u32,
}

/// A package being written: the template's parts before the replaced one are copied, the replaced part is
/// streamed in pieces (`append`), and `finish` copies the rest and writes the directory. Only a window of
/// pieces is ever held, whatever the size of the part.
pub struct Package<'t, 'w> {
    archive: zip::ZipArchive<std::io::Cursor<&'t [u8]>>,
    out: &'w mut (dyn Write + Send),
    listed: Vec<DirectoryEntry>,
    /// Bytes written so far.
    at: u64,
    /// The replaced part's CRC and sizes so far.
    crc: crc32fast::Hasher,
    compressed: u64,
    size: u64,
}

impl<'t, 'w> Package<'t, 'w> {
    /// Starts writing `template` to `out`, up to the data of its part `replaced`.
    pub fn begin(
        template: &'t [u8],
        replaced: &str,
        out: &'w mut (dyn Write + Send),
    ) -> anyhow::Result<Package<'t, 'w>> {
        let archive = zip::ZipArchive::new(std::io::Cursor::new(template)).context("reading the workbook")?;
        let mut package =
            Package { archive, out, listed: Vec::new(), at: 0, crc: crc32fast::Hasher::new(), compressed: 0, size: 0 };
        let mut found = false;
        for i in 0..package.archive.len() {
            let name = package.archive.by_index_raw(i).context("reading the workbook")?.name()?.to_string();
            if name == replaced {
                found = true;
                // Its CRC and sizes are known at the end only: they follow the data (flag bit 3).
                let entry = entry(name, 1 << 3, 8, 0, 0, 0, package.at)?;
                package.at += local_header(package.out, &entry)?;
                package.listed.push(entry);
                break;
            }
            package.copy(i)?;
        }
        anyhow::ensure!(found, "the workbook has no part {replaced}");
        Ok(package)
    }

    /// Appends a piece of the replaced part.
    pub fn append(&mut self, piece: &Deflated) -> anyhow::Result<()> {
        self.out.write_all(&piece.bytes)?;
        self.crc.combine(&piece.crc);
        self.compressed += piece.bytes.len() as u64;
        self.size += piece.len;
        self.at += piece.bytes.len() as u64;
        Ok(())
    }

    /// Ends the replaced part (its last piece closed the stream), copies the parts after it and writes the
    /// directory.
    pub fn finish(mut self) -> anyhow::Result<()> {
        let crc = self.crc.clone().finalize();
        let streamed = self.listed.last_mut().context("the replaced part was not begun")?;
        (streamed.crc, streamed.compressed, streamed.size) = (crc, fits(self.compressed)?, fits(self.size)?);
        let mut descriptor = Vec::with_capacity(16);
        descriptor.extend_from_slice(&0x0807_4b50u32.to_le_bytes());
        descriptor.extend_from_slice(&streamed.crc.to_le_bytes());
        descriptor.extend_from_slice(&streamed.compressed.to_le_bytes());
        descriptor.extend_from_slice(&streamed.size.to_le_bytes());
        self.out.write_all(&descriptor)?;
        self.at += descriptor.len() as u64;
        for i in self.listed.len()..self.archive.len() {
            self.copy(i)?;
        }
        let directory_at = self.at;
        let mut directory = Vec::new();
        for entry in &self.listed {
            central_header(&mut directory, entry);
        }
        self.out.write_all(&directory)?;
        let parts = u16::try_from(self.listed.len()).context("too many parts for a workbook")?;
        let mut end = Vec::with_capacity(22);
        end.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        end.extend_from_slice(&[0; 4]); // this disk, the disk the directory starts on
        end.extend_from_slice(&parts.to_le_bytes());
        end.extend_from_slice(&parts.to_le_bytes());
        end.extend_from_slice(&fits(directory.len() as u64)?.to_le_bytes());
        end.extend_from_slice(&fits(directory_at)?.to_le_bytes());
        end.extend_from_slice(&0u16.to_le_bytes()); // no comment
        self.out.write_all(&end)?;
        Ok(())
    }

    /// Copies the template's part `i` as it is, compressed bytes and all.
    fn copy(&mut self, i: usize) -> anyhow::Result<()> {
        let mut part = self.archive.by_index_raw(i).context("reading the workbook")?;
        let name = part.name()?.to_string();
        let method = match part.compression() {
            zip::CompressionMethod::Stored => 0,
            zip::CompressionMethod::Deflated => 8,
            other => anyhow::bail!("the workbook's part {name} is compressed as {other:?}"),
        };
        let (crc, size) = (part.crc32(), part.size());
        let mut raw = Vec::with_capacity(part.compressed_size() as usize);
        part.read_to_end(&mut raw).context("reading the workbook")?;
        let entry = entry(name, 0, method, crc, raw.len() as u64, size, self.at)?;
        self.at += local_header(self.out, &entry)?;
        self.out.write_all(&raw)?;
        self.at += raw.len() as u64;
        self.listed.push(entry);
        Ok(())
    }
}

fn entry(
    name: String,
    flags: u16,
    method: u16,
    crc: u32,
    compressed: u64,
    size: u64,
    at: u64,
) -> anyhow::Result<DirectoryEntry> {
    Ok(DirectoryEntry { name, flags, method, crc, compressed: fits(compressed)?, size: fits(size)?, offset: fits(at)? })
}

/// A size or offset as a zip without its 64-bit extension holds it (4 GiB; a sheet's 1,048,576 rows at
/// most keep far below it but for text of tens of thousands of characters per cell).
fn fits(n: u64) -> anyhow::Result<u32> {
    u32::try_from(n).map_err(|_| anyhow::anyhow!("the workbook would be larger than 4 GiB: write it as CSV or JSON"))
}

/// The fields a local header and the central directory share, from the version needed on.
fn common(out: &mut Vec<u8>, entry: &DirectoryEntry) {
    out.extend_from_slice(&20u16.to_le_bytes()); // version needed: 2.0 (deflate)
    let utf8_name: u16 = if entry.name.is_ascii() { 0 } else { 1 << 11 };
    out.extend_from_slice(&(entry.flags | utf8_name).to_le_bytes());
    out.extend_from_slice(&entry.method.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // time 00:00
    out.extend_from_slice(&0x0021u16.to_le_bytes()); // date 1980-01-01, as rust_xlsxwriter dates its parts
    out.extend_from_slice(&entry.crc.to_le_bytes());
    out.extend_from_slice(&entry.compressed.to_le_bytes());
    out.extend_from_slice(&entry.size.to_le_bytes());
    out.extend_from_slice(&(entry.name.len() as u16).to_le_bytes());
}

fn local_header(out: &mut dyn Write, entry: &DirectoryEntry) -> std::io::Result<u64> {
    let mut header = Vec::with_capacity(30 + entry.name.len());
    header.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
    common(&mut header, entry);
    header.extend_from_slice(&0u16.to_le_bytes()); // no extra field
    header.extend_from_slice(entry.name.as_bytes());
    out.write_all(&header)?;
    Ok(header.len() as u64)
}

fn central_header(out: &mut Vec<u8>, entry: &DirectoryEntry) {
    out.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
    // Made by Unix, version 2.0, a regular file readable by its owner only: as rust_xlsxwriter lists its parts.
    out.extend_from_slice(&0x0314u16.to_le_bytes());
    common(out, entry);
    out.extend_from_slice(&[0; 2]); // no extra field
    out.extend_from_slice(&[0; 2]); // no comment
    out.extend_from_slice(&[0; 2]); // disk 0
    out.extend_from_slice(&[0; 2]); // internal attributes
    out.extend_from_slice(&0x8180_0000u32.to_le_bytes()); // external attributes: S_IFREG | 0o600
    out.extend_from_slice(&entry.offset.to_le_bytes());
    out.extend_from_slice(entry.name.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_piece_deflates_to_the_same_bytes_whatever_buffer_it_is_given() {
        // Text that compresses, and bytes that do not (whose deflated size is close to their own).
        let xml: Vec<u8> =
            (0..20_000).flat_map(|i| format!("<c r=\"A{i}\"><v>{}</v></c>", i * 7 % 13).into_bytes()).collect();
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let noise: Vec<u8> = (0..200_000)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state as u8
            })
            .collect();
        for data in [&xml, &noise] {
            for last in [false, true] {
                let fresh = deflate(data, last).unwrap();
                let size = fresh.bytes.len();
                // Buffers of a written piece: any room, around the deflated size above all.
                for room in [0, 7, size / 4, size - 8, size - 1, size, size + 1, size + 5, size + 6, 3 * size] {
                    let mut used = Deflated::default();
                    used.bytes.reserve_exact(room);
                    used.bytes.extend(std::iter::repeat_n(0xAB, room.min(3)));
                    deflate_into(data, last, &mut used).unwrap();
                    assert!(used.bytes == fresh.bytes, "room {room}, last {last}, {} bytes", data.len());
                    assert_eq!((used.crc.clone().finalize(), used.len), (fresh.crc.clone().finalize(), fresh.len));
                }
            }
        }
    }

    /// A zip of two parts, as rust_xlsxwriter's packager would write it.
    fn template() -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("[Content_Types].xml", options).unwrap();
        zip.write_all(b"<Types/>").unwrap();
        zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
        zip.write_all(b"<old/>").unwrap();
        zip.start_file("docProps/app.xml", options.compression_method(zip::CompressionMethod::Stored)).unwrap();
        zip.write_all(b"<Properties/>").unwrap();
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn a_part_deflated_in_pieces_reads_back_whole_and_the_others_unchanged() {
        // Pieces large and small, one empty, repetitive and not, so that blocks of every kind are made.
        let text: Vec<Vec<u8>> = vec![
            b"<worksheet><sheetData>".to_vec(),
            (0..50_000u32)
                .flat_map(|i| format!("<row r=\"{i}\"><v>{}</v></row>", i * 7919 % 1000).into_bytes())
                .collect(),
            Vec::new(),
            "推荐理由：专业对口".repeat(10_000).into_bytes(),
            b"</sheetData></worksheet>".to_vec(),
        ];
        let template = template();
        let mut out = Vec::new();
        let mut package = Package::begin(&template, "xl/worksheets/sheet1.xml", &mut out).unwrap();
        for (i, piece) in text.iter().enumerate() {
            package.append(&deflate(piece, i == text.len() - 1).unwrap()).unwrap();
        }
        package.finish().unwrap();

        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(out)).unwrap();
        assert_eq!(archive.len(), 3);
        let read = |archive: &mut zip::ZipArchive<_>, name: &str| {
            let mut bytes = Vec::new();
            // Reading checks the CRC: a wrong one is an error at the end of the part.
            archive.by_name(name).unwrap().read_to_end(&mut bytes).unwrap();
            bytes
        };
        assert_eq!(read(&mut archive, "xl/worksheets/sheet1.xml"), text.concat());
        assert_eq!(read(&mut archive, "[Content_Types].xml"), b"<Types/>");
        assert_eq!(read(&mut archive, "docProps/app.xml"), b"<Properties/>");
    }

    #[test]
    fn a_missing_part_is_an_error() {
        let (template, mut out) = (template(), Vec::new());
        let error = Package::begin(&template, "xl/worksheets/sheet9.xml", &mut out).err().expect("an error");
        assert!(error.to_string().contains("sheet9.xml"), "{error}");
    }
}
