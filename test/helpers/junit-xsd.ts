// JUnit XML validation with xmllint (Debian libxml2-utils) against the Jenkins/Ant JUnit XSD
// shape, shared by the gate's output tests.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// The Jenkins JUnit XSD (dtkit junit-4.xsd), made stricter where the issue asks: testsuite
// requires failures, errors and time; testcase requires classname and time; failure and
// error require a message.
const XSD = `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="failure"><xs:complexType mixed="true">
    <xs:attribute name="type" type="xs:string" use="optional"/>
    <xs:attribute name="message" type="xs:string" use="required"/>
  </xs:complexType></xs:element>
  <xs:element name="error"><xs:complexType mixed="true">
    <xs:attribute name="type" type="xs:string" use="optional"/>
    <xs:attribute name="message" type="xs:string" use="required"/>
  </xs:complexType></xs:element>
  <xs:element name="skipped" type="xs:string"/>
  <xs:element name="system-out" type="xs:string"/>
  <xs:element name="system-err" type="xs:string"/>
  <xs:element name="testcase"><xs:complexType><xs:sequence>
    <xs:element ref="skipped" minOccurs="0" maxOccurs="1"/>
    <xs:element ref="error" minOccurs="0" maxOccurs="unbounded"/>
    <xs:element ref="failure" minOccurs="0" maxOccurs="unbounded"/>
    <xs:element ref="system-out" minOccurs="0" maxOccurs="unbounded"/>
    <xs:element ref="system-err" minOccurs="0" maxOccurs="unbounded"/>
  </xs:sequence>
    <xs:attribute name="name" type="xs:string" use="required"/>
    <xs:attribute name="classname" type="xs:string" use="required"/>
    <xs:attribute name="time" type="xs:decimal" use="required"/>
  </xs:complexType></xs:element>
  <xs:element name="testsuite"><xs:complexType><xs:sequence>
    <xs:element ref="testcase" minOccurs="0" maxOccurs="unbounded"/>
    <xs:element ref="system-out" minOccurs="0" maxOccurs="1"/>
    <xs:element ref="system-err" minOccurs="0" maxOccurs="1"/>
  </xs:sequence>
    <xs:attribute name="name" type="xs:string" use="required"/>
    <xs:attribute name="tests" type="xs:nonNegativeInteger" use="required"/>
    <xs:attribute name="failures" type="xs:nonNegativeInteger" use="required"/>
    <xs:attribute name="errors" type="xs:nonNegativeInteger" use="required"/>
    <xs:attribute name="skipped" type="xs:nonNegativeInteger" use="optional"/>
    <xs:attribute name="time" type="xs:decimal" use="required"/>
  </xs:complexType></xs:element>
  <xs:element name="testsuites"><xs:complexType><xs:sequence>
    <xs:element ref="testsuite" minOccurs="0" maxOccurs="unbounded"/>
  </xs:sequence>
    <xs:attribute name="name" type="xs:string" use="optional"/>
    <xs:attribute name="time" type="xs:decimal" use="optional"/>
    <xs:attribute name="tests" type="xs:nonNegativeInteger" use="optional"/>
    <xs:attribute name="failures" type="xs:nonNegativeInteger" use="optional"/>
    <xs:attribute name="errors" type="xs:nonNegativeInteger" use="optional"/>
  </xs:complexType></xs:element>
</xs:schema>
`;

/** A validator writing into its own temp folder; call `cleanup` in teardown. */
export function junitValidator(): { validate: (xml: string, name: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chatproof-junit-'));
  writeFileSync(path.join(dir, 'junit.xsd'), XSD);
  const validate = (xml: string, name: string): string => {
    const file = path.join(dir, name);
    writeFileSync(file, xml);
    try {
      return execFileSync('xmllint', ['--noout', '--schema', path.join(dir, 'junit.xsd'), file], {
        encoding: 'utf8',
        stdio: 'pipe',
      });
    } catch (error) {
      const e = error as { stderr?: string; code?: string };
      if (e.code === 'ENOENT') throw new Error('xmllint not found: install Debian/Ubuntu package libxml2-utils');
      throw new Error(`JUnit XML does not validate: ${e.stderr}`);
    }
  };
  return { validate, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
