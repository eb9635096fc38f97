package dev.oidchybrid.it;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies of the sample WAR (built by the sample-war module; its path comes from the system property
 * {@value #WAR_PROPERTY}, which the failsafe configuration sets) under a new archive name, optionally with
 * the filter's {@code response-type} init-param set in {@code WEB-INF/web.xml}.
 */
final class SampleWar {

    /** System property with the path of the sample WAR. */
    static final String WAR_PROPERTY = "sample.war";

    private static final String WEB_XML = "WEB-INF/web.xml";
    private static final String FILTER_CLASS = "dev.oidchybrid.filter.web.OidcHybridFilter";

    private SampleWar() {
    }

    /** The sample WAR as built, named {@code archiveName} (which sets the context path). */
    static WebArchive copy(String archiveName) {
        String path = System.getProperty(WAR_PROPERTY);
        if (path == null || !new File(path).isFile()) {
            throw new IllegalStateException("System property " + WAR_PROPERTY + " must name the sample WAR (is "
                    + path + "); run through Maven failsafe, after 'mvn install' of sample-war");
        }
        WebArchive original = ShrinkWrap.createFromZipFile(WebArchive.class, new File(path));
        return ShrinkWrap.create(WebArchive.class, archiveName).merge(original);
    }

    /** A copy whose filter declares {@code response-type = responseType} in web.xml. */
    static WebArchive withResponseType(String archiveName, String responseType) {
        WebArchive war = copy(archiveName);
        String webXml;
        try (InputStream in = war.get(WEB_XML).getAsset().openStream()) {
            webXml = withFilterInitParam(in, "response-type", responseType);
        } catch (IOException | ParserConfigurationException | SAXException | TransformerException e) {
            throw new IllegalStateException("could not rewrite " + WEB_XML + " of the sample WAR", e);
        }
        war.delete(WEB_XML);
        war.setWebXML(new StringAsset(webXml));
        return war;
    }

    /**
     * A copy with the test classes {@code classNames} added (as class files: the test JVM of some containers has no
     * servlet API to load them with) and the web.xml elements {@code declarations} appended to its web.xml.
     */
    static WebArchive withDeclarations(String archiveName, String declarations, String... classNames) {
        WebArchive war = copy(archiveName);
        String webXml;
        try (InputStream in = war.get(WEB_XML).getAsset().openStream()) {
            webXml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("could not read " + WEB_XML + " of the sample WAR", e);
        }
        int end = webXml.lastIndexOf("</web-app>");
        if (end < 0) {
            throw new IllegalStateException("the sample web.xml has no </web-app>");
        }
        war.delete(WEB_XML);
        war.setWebXML(new StringAsset(webXml.substring(0, end) + declarations + "\n" + webXml.substring(end)));
        for (String className : classNames) {
            String file = className.replace('.', '/') + ".class";
            war.add(new org.jboss.shrinkwrap.api.asset.ClassLoaderAsset(file), "WEB-INF/classes/" + file);
        }
        return war;
    }

    /**
     * The web.xml read from {@code in}, with the init-param {@code name} of the OIDC filter set to
     * {@code value} (replacing any such init-param it had).
     */
    static String withFilterInitParam(InputStream in, String name, String value)
            throws ParserConfigurationException, IOException, SAXException, TransformerException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        Document document = factory.newDocumentBuilder().parse(in);
        Element filter = oidcFilter(document);
        String namespace = filter.getNamespaceURI();

        for (Element param : children(filter, "init-param")) {
            if (name.equals(text(param, "param-name"))) {
                filter.removeChild(param);
            }
        }
        Element param = document.createElementNS(namespace, "init-param");
        Element paramName = document.createElementNS(namespace, "param-name");
        paramName.setTextContent(name);
        Element paramValue = document.createElementNS(namespace, "param-value");
        paramValue.setTextContent(value);
        param.appendChild(paramName);
        param.appendChild(paramValue);
        filter.appendChild(param);

        StringWriter out = new StringWriter();
        var transformer = TransformerFactory.newInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
        transformer.transform(new DOMSource(document), new StreamResult(out));
        return out.toString();
    }

    private static Element oidcFilter(Document document) {
        for (Element filter : children(document.getDocumentElement(), "filter")) {
            if (FILTER_CLASS.equals(text(filter, "filter-class"))) {
                return filter;
            }
        }
        throw new IllegalStateException("the sample web.xml declares no " + FILTER_CLASS);
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element element && localName.equals(element.getLocalName())) {
                found.add(element);
            }
        }
        return found;
    }

    private static String text(Element parent, String localName) {
        List<Element> elements = children(parent, localName);
        return elements.isEmpty() ? null : elements.get(0).getTextContent().trim();
    }
}
